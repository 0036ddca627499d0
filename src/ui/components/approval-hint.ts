import type { ApprovalRecord } from '../../approvals/approval-record.js';
import { hasRole, type Identity } from '../../server/identity.js';

/** What the viewer may do with a pending record, in the words the inbox and the approval page use. */
export interface ApprovalHint {
  /** The viewer may approve or reject it. */
  mayDecide: boolean;
  /** The viewer requested the call: rejecting is allowed, approving is not. */
  ownRequest: boolean;
  text: string;
}

/** How a pending record stands for the viewer: theirs to decide, their own request, or another role's. */
export function approvalHint(identity: Identity, record: ApprovalRecord): ApprovalHint {
  const ownRequest = record.type === 'required' && record.requestedBy === identity.userId;
  const holdsRole = record.approverRole === null || hasRole(identity, record.approverRole);
  if (ownRequest) {
    return {
      mayDecide: false,
      ownRequest,
      text: 'You asked for this call, so another approver must approve it (you may still reject it).',
    };
  }
  if (holdsRole) {
    let text = 'Any approver may decide this call.';
    if (record.approverRole !== null) {
      text = identity.roles.includes(record.approverRole)
        ? `You hold the ${record.approverRole} role, so you may decide.`
        : `As admin you may decide (the call needs the ${record.approverRole} role).`;
    }
    return { mayDecide: true, ownRequest, text };
  }
  return {
    mayDecide: false,
    ownRequest,
    text: `This call needs an approver with the ${record.approverRole} role; ${identity.userId} holds ${
      identity.roles.length === 0 ? 'no roles' : identity.roles.join(', ')
    }.`,
  };
}
