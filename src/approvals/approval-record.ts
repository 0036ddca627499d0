import type { RequirementKind, RunStatus } from '../run/run-document.js';

/** Blocking (`required`) or non-blocking (`audit`) approval. */
export type ApprovalType = 'required' | 'audit';

/** Where an approval record is in its life. Only `pending` records can be resolved. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';

/** One approver's vote on a record that needs a quorum. */
export interface ApprovalVote {
  userId: string;
  roles?: string[];
  /** Unix seconds. */
  at: number;
}

/** What a resolution may carry besides its status. */
export interface ApprovalResolutionData {
  reason?: string;
  /** User-input values an approver supplied or overrode. */
  values?: Record<string, unknown>;
  /** An external execution result an approver (or the outside system) supplied. */
  result?: unknown;
  isError?: boolean;
  /** Arguments the approver replaced the model's with (validated against the tool's schema). */
  editedArgs?: Record<string, unknown>;
  /** The votes counted towards `quorum` (distinct approvers). */
  votes?: ApprovalVote[];
  [key: string]: unknown;
}

/** The context an approver sees: what the user asked, which agent, which session. */
export interface ApprovalContext {
  /** The user's message that started the run. */
  input: string;
  agentId: string;
  agentName?: string;
  teamId?: string;
  sessionId: string;
  /** The team member that paused, when a team run paused. */
  member?: { agentId: string; agentName?: string; runId: string };
  [key: string]: unknown;
}

/**
 * One approval record: one per gated tool call (never one per run), written in the same
 * transaction as the paused run. Field names follow the contract in api.md.
 */
export interface ApprovalRecord {
  id: string;
  runId: string;
  sessionId: string;
  agentId: string;
  teamId: string | null;
  sourceType: 'agent' | 'team';
  sourceName: string;
  toolName: string;
  toolArgs: Record<string, unknown>;
  toolCallId: string;
  /** The requirement this record gates. */
  requirementId: string;
  requirementKind: RequirementKind;
  type: ApprovalType;
  status: ApprovalStatus;
  /** The user whose run asked for the call; never allowed to approve a `required` record. */
  requestedBy: string | null;
  /** The role a resolver must hold (or `admin`); `null` means any authenticated approver. */
  approverRole: string | null;
  /** Distinct approvers needed (default 1). */
  quorum: number;
  context: ApprovalContext;
  /** The run's status as last written with the record (kept in step by run writes). */
  runStatus: RunStatus;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds. */
  updatedAt: number;
  /** Unix seconds, or `null` when the record never expires. */
  expiresAt: number | null;
  resolvedBy: string | null;
  /** Unix seconds. */
  resolvedAt: number | null;
  resolutionData: ApprovalResolutionData | null;
  /** SHA-256 (hex) of the canonical JSON of the arguments this record is about. */
  argsDigest: string;
}

/** Filters of `getApprovals` and `countApprovals`; every field narrows the result. */
export interface ApprovalQuery {
  status?: ApprovalStatus;
  type?: ApprovalType;
  requirementKind?: RequirementKind;
  approverRole?: string;
  agentId?: string;
  teamId?: string;
  runId?: string;
  sessionId?: string;
  requestedBy?: string;
  /** 1..500, default 50 (getApprovals only). */
  limit?: number;
  /** The `nextCursor` of the previous page (getApprovals only). */
  cursor?: string;
}

/** One page of approval records, newest first (`createdAt` descending, `id` as tie-breaker). */
export interface ApprovalPage {
  items: ApprovalRecord[];
  nextCursor: string | null;
}

/**
 * A resolution: a compare-and-set from `expectedStatus` to `status`. Only resolution fields can
 * change; an unknown id is `ApprovalNotFoundError`, a record no longer in `expectedStatus` is
 * `ApprovalConflictError` (carrying the actual status).
 */
export interface ApprovalUpdate {
  expectedStatus: ApprovalStatus;
  status: ApprovalStatus;
  resolvedBy?: string | null;
  /** Unix seconds. */
  resolvedAt?: number | null;
  resolutionData?: ApprovalResolutionData | null;
  /** The run status to record with the change (default: unchanged). */
  runStatus?: RunStatus;
}
