import { randomUUID } from 'node:crypto';
import type { ApprovalRecord } from '../../approvals/approval-record.js';
import type { RunDocument } from '../../run/run-document.js';

/** A pending approval record of one gated call of `document`, as the agent writes it at pause. */
export function makeApprovalRecord(
  document: RunDocument,
  overrides: Partial<ApprovalRecord> = {},
): ApprovalRecord {
  const requirement = document.requirements[0];
  return {
    id: `apr_${randomUUID()}`,
    runId: document.runId,
    sessionId: document.sessionId,
    agentId: document.agentId,
    teamId: document.teamId ?? null,
    sourceType: document.teamId === undefined ? 'agent' : 'team',
    sourceName: 'Ops agent',
    toolName: requirement?.toolName ?? 'restart_service',
    toolArgs: requirement?.toolArgs ?? { service: 'billing-🧾' },
    toolCallId: requirement?.toolCallId ?? 'call_1',
    requirementId: requirement?.id ?? 'req_1',
    requirementKind: requirement?.kind ?? 'confirmation',
    type: 'required',
    status: 'pending',
    requestedBy: document.userId ?? null,
    approverRole: null,
    quorum: 1,
    context: { input: document.input, agentId: document.agentId, sessionId: document.sessionId },
    runStatus: document.status,
    createdAt: document.createdAt,
    updatedAt: document.createdAt,
    expiresAt: null,
    resolvedBy: null,
    resolvedAt: null,
    resolutionData: null,
    argsDigest: 'a'.repeat(64),
    ...overrides,
  };
}
