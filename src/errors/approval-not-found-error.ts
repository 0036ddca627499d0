import { UserError } from './countersign-error.js';

/** No approval record has this id. */
export class ApprovalNotFoundError extends UserError {
  constructor(readonly approvalId: string) {
    super(`Approval ${approvalId} was not found. Check the id, and that this is the db the run paused in.`);
  }
}
