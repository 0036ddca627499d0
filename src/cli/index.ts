export {
  type CliContext,
  type Command,
  integerOption,
  type OptionValues,
  parseCommandArgs,
} from './command.js';
export { CONFIG_FILE_NAMES, findConfig, loadConfig } from './load-config.js';
export { DEFAULT_DB_FILE, describeStore, openStore, storeSpec } from './open-store.js';
export { type Prepared, type PrepareOptions, prepare } from './prepare.js';
