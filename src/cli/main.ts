#!/usr/bin/env node
import { consoleLogger } from '../server/logger.js';
import type { CliContext, Command } from './command.js';
import { approvalsCommand } from './commands/approvals.js';
import { auditCommand } from './commands/audit.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { tracesCommand } from './commands/traces.js';

const COMMANDS: Command[] = [serveCommand, migrateCommand, approvalsCommand, auditCommand, tracesCommand];

const USAGE = `Usage: countersign <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}

Run \`countersign <command> --help\` for a command's options.`;

/** Runs the command line; resolves with the exit code. Errors are one line on stderr and exit code 1. */
export async function main(args: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.print(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(
      `countersign: unknown command '${name}'. Commands: ${COMMANDS.map((entry) => entry.name).join(', ')}.\n`,
    );
    return 1;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`countersign ${name}: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

const context: CliContext = {
  env: process.env,
  cwd: process.cwd(),
  logger: consoleLogger,
  print: (text) => process.stdout.write(`${text}\n`),
};
main(process.argv.slice(2), context).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`countersign: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
