import { UserError } from './countersign-error.js';

/**
 * The run is not in the state the operation needs: it was already continued (possibly by a
 * concurrent caller or another process), completed, cancelled, or is running now.
 */
export class RunConflictError extends UserError {
  constructor(
    readonly runId: string,
    readonly actualStatus: string | undefined,
    message?: string,
  ) {
    super(
      message ??
        `Run ${runId} cannot be continued: its status is '${actualStatus ?? 'unknown'}', not 'paused'. ` +
          'It was probably continued already (by another caller or process); load it with getRun() to see its result.',
    );
  }
}
