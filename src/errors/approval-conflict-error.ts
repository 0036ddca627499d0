import { UserError } from './countersign-error.js';

/** A resolution lost the compare-and-set: the record is no longer in the expected status. */
export class ApprovalConflictError extends UserError {
  constructor(
    readonly approvalId: string,
    readonly expectedStatus: string,
    readonly actualStatus: string,
    message?: string,
  ) {
    super(
      message ??
        `Approval ${approvalId} is '${actualStatus}', not '${expectedStatus}': somebody resolved it first. ` +
          'Load it with getApproval() to see who decided.',
    );
  }
}
