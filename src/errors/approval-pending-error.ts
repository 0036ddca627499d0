import { UserError } from './countersign-error.js';

/** A continue found an approval record that is still pending, or missing altogether. */
export class ApprovalPendingError extends UserError {
  constructor(
    readonly runId: string,
    readonly approvalId: string,
    readonly reason: 'pending' | 'missing',
    readonly toolName?: string,
  ) {
    super(
      reason === 'pending'
        ? `Run ${runId} cannot continue: approval ${approvalId}${toolName ? ` for ${toolName}` : ''} is still pending. ` +
            'An approver must approve or reject it first (getApprovals({ status: "pending" }), then updateApproval).'
        : `Run ${runId} cannot continue: its approval record ${approvalId} is missing from the store. ` +
            'The run is not continuable without it; check that the agent uses the db the run paused in.',
    );
  }
}
