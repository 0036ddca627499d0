import { UserError } from './countersign-error.js';

/**
 * The resolver may not decide this approval: the requester approving their own `required` call,
 * a resolver without the approver role, or a second vote by the same approver.
 */
export class ApprovalForbiddenError extends UserError {
  constructor(
    readonly approvalId: string,
    readonly reason: 'self-approval' | 'missing-role' | 'duplicate-vote' | 'no-resolver',
    message: string,
  ) {
    super(message);
  }
}
