import type { ApprovalRecord } from '../../approvals/approval-record.js';
import { ApprovalForbiddenError } from '../../errors/index.js';
import type { ApprovalResolutionUpdate } from './approval-resolution.js';

/** The role that may decide any approval, whatever its `approverRole`. */
export const ADMIN_ROLE = 'admin';

/**
 * Checks that the resolver may make this change to the record, before any backend writes it.
 * Every store calls it with the record as stored, so the rules hold on every path (SDK, HTTP,
 * Slack) and in every backend alike:
 *
 * - approving or rejecting needs a resolver (`no-resolver`); expiring and cancelling need none
 *   (they are recorded as done by `system`);
 * - the user whose run asked for a `required` call never approves it (`self-approval`), nor
 *   votes for it; rejecting their own call is allowed;
 * - when the caller passes the resolver's roles and the record names an `approverRole`, approving
 *   or rejecting needs that role or `admin` (`missing-role`); without roles the caller vouches
 *   for the resolver (a trusted SDK call);
 * - an approver who already voted on a record that needs a quorum cannot vote again
 *   (`duplicate-vote`).
 *
 * @throws ApprovalForbiddenError naming the rule that was broken.
 */
export function assertMayResolve(record: ApprovalRecord, update: ApprovalResolutionUpdate): void {
  const deciding = update.status === 'approved' || update.status === 'rejected';
  if (!deciding) return;
  const resolver = update.resolvedBy;
  if (resolver === undefined || resolver === null || resolver === '') {
    throw new ApprovalForbiddenError(
      record.id,
      'no-resolver',
      `Approval ${record.id} cannot be ${update.status} without a resolver: pass resolvedBy (the deciding user's id).`,
    );
  }
  if (
    update.status === 'approved' &&
    record.type === 'required' &&
    record.requestedBy !== null &&
    resolver === record.requestedBy
  ) {
    throw new ApprovalForbiddenError(
      record.id,
      'self-approval',
      `${resolver} requested the ${record.toolName} call of approval ${record.id} and so cannot approve it; ` +
        'another approver must decide.',
    );
  }
  const roles = update.resolvedByRoles;
  if (
    roles !== undefined &&
    record.approverRole !== null &&
    !roles.includes(record.approverRole) &&
    !roles.includes(ADMIN_ROLE)
  ) {
    throw new ApprovalForbiddenError(
      record.id,
      'missing-role',
      `Approval ${record.id} needs the role '${record.approverRole}' (or '${ADMIN_ROLE}'); ${resolver} holds ` +
        `${roles.length === 0 ? 'no roles' : roles.map((role) => `'${role}'`).join(', ')}.`,
    );
  }
  if (
    update.status === 'approved' &&
    record.status === 'pending' &&
    record.quorum > 1 &&
    (record.resolutionData?.votes ?? []).some((vote) => vote.userId === resolver)
  ) {
    throw new ApprovalForbiddenError(
      record.id,
      'duplicate-vote',
      `${resolver} already voted for approval ${record.id}; it needs ${record.quorum} distinct approvers.`,
    );
  }
}
