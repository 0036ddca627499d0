import { UserError } from './countersign-error.js';

/**
 * Something other than a run or an approval was not found (HTTP 404): an agent or team that is not
 * configured, a tool call that is not waiting in a run. Runs and approvals have their own classes.
 */
export class NotFoundError extends UserError {
  constructor(
    /** What kind of thing was looked up: `agent`, `team`, `tool call`, `route`. */
    readonly resource: string,
    /** The id that was looked up. */
    readonly id: string,
    message?: string,
  ) {
    super(message ?? `No ${resource} has the id '${id}'. Check the id against the list of ${resource}s.`);
  }
}
