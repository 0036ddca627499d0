import type { AuditEntryInput } from '../audit/audit-entry.js';
import { canonicalJson, sha256Hex } from '../audit/canonical-json.js';
import type { RequirementData, RunDocument } from '../run/run-document.js';
import type { ApprovalPolicy } from './approval.js';
import type { ApprovalRecord, ApprovalStatus } from './approval-record.js';

/** SHA-256 (hex) of the canonical JSON of tool arguments: what a decision is bound to. */
export function argsDigest(args: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(args));
}

/** The fields of a new record that a caller chooses. */
export interface NewApprovalRecord {
  id: string;
  requirement: Pick<RequirementData, 'id' | 'kind' | 'toolName' | 'toolArgs' | 'toolCallId'>;
  policy: ApprovalPolicy;
  status: ApprovalStatus;
  /** Unix seconds. */
  now: number;
  resolvedBy?: string | null;
  reason?: string;
}

/** Builds one approval record for a gated call of a run, with the run's context. */
export function newApprovalRecord(
  document: RunDocument,
  sourceName: string,
  entry: NewApprovalRecord,
): ApprovalRecord {
  const { requirement, policy, now } = entry;
  const resolved = entry.status !== 'pending';
  return {
    id: entry.id,
    runId: document.runId,
    sessionId: document.sessionId,
    agentId: document.agentId,
    teamId: document.teamId ?? null,
    sourceType: document.teamId === undefined ? 'agent' : 'team',
    sourceName,
    toolName: requirement.toolName,
    toolArgs: requirement.toolArgs,
    toolCallId: requirement.toolCallId,
    requirementId: requirement.id,
    requirementKind: requirement.kind,
    type: policy.type,
    status: entry.status,
    requestedBy: document.userId ?? null,
    approverRole: policy.approverRole,
    quorum: policy.quorum,
    context: { input: document.input, agentId: document.agentId, sessionId: document.sessionId },
    runStatus: document.status,
    createdAt: now,
    updatedAt: now,
    expiresAt: policy.expiresInSeconds === null || resolved ? null : now + policy.expiresInSeconds,
    resolvedBy: resolved ? (entry.resolvedBy ?? null) : null,
    resolvedAt: resolved ? now : null,
    resolutionData: entry.reason === undefined ? null : { reason: entry.reason },
    argsDigest: argsDigest(requirement.toolArgs),
  };
}

/** The audit entry of a new record: requested (pending) or, for `audit` records, how it ended. */
export function recordAuditEntry(record: ApprovalRecord, actor: string): AuditEntryInput {
  return {
    action: record.status === 'pending' ? 'approval-requested' : 'approval-audited',
    actor,
    runId: record.runId,
    approvalId: record.id,
    toolName: record.toolName,
    toolCallId: record.toolCallId,
    argsDigest: record.argsDigest,
    data: {
      type: record.type,
      status: record.status,
      approverRole: record.approverRole,
      quorum: record.quorum,
      expiresAt: record.expiresAt,
      toolArgs: record.toolArgs,
      ...(record.resolutionData?.reason === undefined ? {} : { reason: record.resolutionData.reason }),
    },
  };
}

/** The audit entry of a gated (or audited) call's execution: the digest of the exact arguments it ran with. */
export function executionAuditEntry(
  actor: string,
  runId: string,
  call: {
    toolCallId: string;
    toolName: string;
    args: Record<string, unknown>;
    outcome: string;
    isError: boolean;
  },
  details: { approvalId?: string; requestedArgs?: Record<string, unknown> } = {},
): AuditEntryInput {
  const action =
    call.outcome === 'in_doubt' ? 'tool-in-doubt' : call.isError ? 'tool-failed' : 'tool-executed';
  const data: Record<string, unknown> = { outcome: call.outcome };
  const executed = canonicalJson(call.args);
  if (details.requestedArgs !== undefined && canonicalJson(details.requestedArgs) !== executed) {
    // An edit on approval: keep both versions.
    data.requestedArgs = details.requestedArgs;
    data.executedArgs = call.args;
  }
  const entry: AuditEntryInput = {
    action,
    actor,
    runId,
    toolName: call.toolName,
    toolCallId: call.toolCallId,
    argsDigest: sha256Hex(executed),
    data,
  };
  if (details.approvalId !== undefined) entry.approvalId = details.approvalId;
  return entry;
}
