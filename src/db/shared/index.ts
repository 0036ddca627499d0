export {
  DEFAULT_LIST_RUNS_LIMIT,
  type ListRunsBounds,
  MAX_LIST_RUNS_LIMIT,
  resolveListRunsBounds,
} from './list-runs-bounds.js';
export { decodeRunCursor, encodeRunCursor, type RunCursor } from './run-cursor.js';
export { duplicateRunError, missingExecutionError, staleRunError } from './store-errors.js';
