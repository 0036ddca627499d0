import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ValidationError } from '../errors/validation-error.js';
import type { Logger } from '../server/logger.js';

/** What a command runs with: the environment, working directory and where to write. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** Writes to standard output (results a script may read). */
  print(text: string): void;
}

/** One `countersign <name>` command. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command; resolves with the exit code. */
  run(args: string[], context: CliContext): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The option every command takes. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

/** The parsed option values: booleans for boolean options, strings for the rest. */
export type OptionValues<TOptions extends Options> = {
  [Key in keyof TOptions]?: TOptions[Key]['type'] extends 'boolean' ? boolean : string;
} & { help?: boolean };

/**
 * Parses a command's arguments strictly with `node:util` `parseArgs`; an unknown option or a
 * missing value is a `ValidationError` that names it and points at `--help`.
 */
export function parseCommandArgs<TOptions extends Options>(
  command: string,
  args: string[],
  options: TOptions,
): { values: OptionValues<TOptions>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...HELP_OPTION, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as OptionValues<TOptions>, positionals: parsed.positionals };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw new ValidationError(`${message.replace(/\.$/, '')}. See \`countersign ${command} --help\`.`);
  }
}

/** Parses `--limit`, `--port` and the like: an integer in range, or a `ValidationError` naming the option. */
export function integerOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ValidationError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'.`, [
      { path: name, message: `must be an integer ${min}..${max}` },
    ]);
  }
  return number;
}
