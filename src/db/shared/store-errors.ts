import { RunConflictError, StorageError } from '../../errors/index.js';
import type { RunStatus } from '../../run/run-document.js';
import type { SaveRunOptions } from '../store.js';

/** The error for an insert of a run id that is already stored. */
export function duplicateRunError(runId: string, actualStatus: string): RunConflictError {
  return new RunConflictError(
    runId,
    actualStatus,
    `Run ${runId} already exists (status '${actualStatus}'), so it cannot be inserted again. ` +
      'Save it with the expectedVersion you loaded, or use a new run id.',
  );
}

/** The error for a compare-and-set update that found the run changed since it was loaded. */
export function staleRunError(
  runId: string,
  options: SaveRunOptions,
  actual: { version: number; status: RunStatus },
): RunConflictError {
  const expected =
    options.expectedStatus === undefined
      ? `version ${String(options.expectedVersion)}`
      : `version ${String(options.expectedVersion)} with status '${options.expectedStatus}'`;
  return new RunConflictError(
    runId,
    actual.status,
    `Run ${runId} was changed by another writer: expected ${expected}, found version ${actual.version} ` +
      `with status '${actual.status}'. Load it again with getRun() before deciding what to do.`,
  );
}

/** The error for completing a tool call that was never begun. */
export function missingExecutionError(runId: string, toolCallId: string): StorageError {
  return new StorageError(
    `No journal row for tool call ${toolCallId} of run ${runId}: beginToolExecution() must record it ` +
      'before completeToolExecution().',
  );
}
