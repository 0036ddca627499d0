import { UserError } from './countersign-error.js';

/** No stored run has this id (or it belongs to another agent). */
export class RunNotFoundError extends UserError {
  constructor(readonly runId: string) {
    super(
      `Run ${runId} was not found. Check the id, and that this agent uses the same db the run was stored in.`,
    );
  }
}
