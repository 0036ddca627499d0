import { UserError } from './countersign-error.js';

/**
 * A verified identity asked for something it may not do (HTTP 403): deciding another user's run,
 * reporting an external result without the executor role, reading the audit log without the
 * auditor role.
 */
export class AccessDeniedError extends UserError {
  constructor(
    /** The user who was refused. */
    readonly userId: string,
    /** The rule that refused them, e.g. `not-run-owner` or `missing-role`. */
    readonly reason: string,
    message: string,
    /** The run concerned, when there is one. */
    readonly runId?: string,
  ) {
    super(message);
  }
}
