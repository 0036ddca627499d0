import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ConfigContext, CountersignConfig } from '../server/config.js';

/** The names `countersign serve` looks for in the working directory when `--config` is not given. */
export const CONFIG_FILE_NAMES = [
  'countersign.config.ts',
  'countersign.config.mts',
  'countersign.config.js',
  'countersign.config.mjs',
];

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** Finds the config file: the given path (which must exist), or a default name in `cwd`, or none. */
export function findConfig(given: string | undefined, cwd: string): string | undefined {
  if (given !== undefined) {
    const file = path.resolve(cwd, given);
    if (!fs.existsSync(file)) throw new ConfigurationError(`The config file ${given} does not exist.`);
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => fs.existsSync(file));
}

/**
 * Compiles a TypeScript config with the `typescript` package's `transpileModule` (types are
 * stripped, nothing is type-checked) into a temporary `.mjs` next to it, so its imports resolve
 * from the same directory, and imports that. The file is compiled alone: import other modules as
 * packages or compiled JavaScript.
 */
async function importTypeScript(file: string): Promise<Record<string, unknown>> {
  let typescript: typeof import('typescript');
  try {
    typescript = ((await import('typescript')) as { default: typeof import('typescript') }).default;
  } catch (error) {
    throw new ConfigurationError(
      `Loading ${path.basename(file)} needs the typescript package (npm install -D typescript), ` +
        'or write the config as countersign.config.mjs.',
      { cause: error },
    );
  }
  const output = typescript.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  });
  const compiled = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID().slice(0, 8)}.mjs`);
  fs.writeFileSync(compiled, output.outputText);
  try {
    return (await import(pathToFileURL(compiled).href)) as Record<string, unknown>;
  } finally {
    fs.rmSync(compiled, { force: true });
  }
}

/**
 * Loads a config file (`.ts`/`.mts` compiled at load time, `.js`/`.mjs` imported as they are) and
 * returns its default export, called with the context when it is a function.
 *
 * @throws ConfigurationError naming the file when it fails to load or exports something else.
 */
export async function loadConfig(file: string, context: ConfigContext): Promise<CountersignConfig> {
  let module: Record<string, unknown>;
  try {
    module = TYPESCRIPT_EXTENSIONS.has(path.extname(file))
      ? await importTypeScript(file)
      : ((await import(pathToFileURL(file).href)) as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(
      `The config file ${file} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const exported = module.default;
  const config = typeof exported === 'function' ? await exported(context) : exported;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigurationError(
      `The config file ${file} must export default a config object ({ agents, teams?, auth? }) or a function returning one.`,
    );
  }
  for (const key of ['agents', 'teams'] as const) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined && !Array.isArray(value)) {
      throw new ConfigurationError(`The config file ${file}: ${key} must be an array.`);
    }
  }
  return config as CountersignConfig;
}
