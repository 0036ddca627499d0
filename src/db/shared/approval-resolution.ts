import type {
  ApprovalRecord,
  ApprovalResolutionData,
  ApprovalStatus,
  ApprovalUpdate,
  ApprovalVote,
} from '../../approvals/approval-record.js';
import type { AuditAction, AuditEntryInput } from '../../audit/audit-entry.js';
import { ApprovalConflictError, ValidationError } from '../../errors/index.js';

/** What `updateApproval` takes: a resolution, plus the resolver's roles when the caller knows them. */
export type ApprovalResolutionUpdate = ApprovalUpdate & { resolvedByRoles?: string[] };

/** A resolution worked out against the stored record: the record to store and its audit entry. */
export interface ResolutionPlan {
  record: ApprovalRecord;
  audit: AuditEntryInput;
}

const FINAL_STATUSES: ReadonlySet<ApprovalStatus> = new Set(['approved', 'rejected', 'expired', 'cancelled']);

const ACTIONS: Record<Exclude<ApprovalStatus, 'pending'>, AuditAction> = {
  approved: 'approval-approved',
  rejected: 'approval-denied',
  expired: 'approval-expired',
  cancelled: 'approval-cancelled',
};

/** Unix seconds now: the unit of every approval timestamp. */
export function unixSeconds(milliseconds: number = Date.now()): number {
  return Math.floor(milliseconds / 1000);
}

/**
 * Refuses updates no record could take, before a backend reads anything: only a `pending` record
 * is resolved, and only to a final status.
 *
 * @throws ValidationError naming the field.
 */
export function validateResolution(id: string, update: ApprovalResolutionUpdate): void {
  if (update.expectedStatus !== 'pending') {
    throw new ValidationError(
      `updateApproval(${id}): expectedStatus must be 'pending', got '${String(update.expectedStatus)}'; ` +
        'only pending records can be resolved.',
      [{ path: 'expectedStatus', message: "must be 'pending'" }],
    );
  }
  if (!FINAL_STATUSES.has(update.status)) {
    throw new ValidationError(
      `updateApproval(${id}): status must be 'approved', 'rejected', 'expired' or 'cancelled', got '${String(update.status)}'.`,
      [{ path: 'status', message: "must be 'approved', 'rejected', 'expired' or 'cancelled'" }],
    );
  }
}

/** Whether a stored record is still pending although its `expiresAt` has passed. */
export function isPastExpiry(record: Pick<ApprovalRecord, 'status' | 'expiresAt'>, now: number): boolean {
  return record.status === 'pending' && record.expiresAt !== null && record.expiresAt < now;
}

/** The conflict error of a record that is no longer in the expected status. */
export function approvalConflict(
  id: string,
  update: ApprovalUpdate,
  actual: ApprovalStatus,
): ApprovalConflictError {
  return new ApprovalConflictError(id, update.expectedStatus, actual);
}

/**
 * Works out what a resolution stores, from the record as stored (checked by `assertMayResolve`
 * and found in `expectedStatus`). Only resolution fields change: `status`, `resolvedBy`,
 * `resolvedAt`, `resolutionData`, `runStatus`, `updatedAt`.
 *
 * For a record with `quorum > 1` an approval is a vote: it is appended to `resolutionData.votes`
 * and the record stays `pending` (audit `approval-voted`) until the vote that reaches the quorum
 * approves it (`approval-approved`). The resolution data of successive votes is merged, later
 * votes overriding earlier keys. A rejection decides at once.
 *
 * @param now Unix seconds: `updatedAt`, and `resolvedAt` when the update names none.
 */
export function planResolution(
  record: ApprovalRecord,
  update: ApprovalResolutionUpdate,
  now: number,
): ResolutionPlan {
  const at = update.resolvedAt ?? now;
  const { votes: _ignored, ...incoming } = update.resolutionData ?? {};
  const hasIncoming = update.resolutionData !== undefined && update.resolutionData !== null;
  const runStatus = update.runStatus ?? record.runStatus;
  let status: ApprovalStatus = update.status;
  let resolutionData: ApprovalResolutionData | null =
    record.resolutionData === null && !hasIncoming ? null : { ...record.resolutionData, ...incoming };
  let action: AuditAction = ACTIONS[update.status as Exclude<ApprovalStatus, 'pending'>];
  if (update.status === 'approved' && record.quorum > 1) {
    const vote: ApprovalVote = { userId: update.resolvedBy as string, at };
    if (update.resolvedByRoles !== undefined) vote.roles = [...update.resolvedByRoles];
    const votes = [...(record.resolutionData?.votes ?? []), vote];
    resolutionData = { ...resolutionData, votes };
    if (votes.length < record.quorum) {
      status = 'pending';
      action = 'approval-voted';
    }
  }
  const resolved = status !== 'pending';
  const next: ApprovalRecord = {
    ...record,
    status,
    resolvedBy: resolved ? (update.resolvedBy ?? null) : null,
    resolvedAt: resolved ? at : null,
    resolutionData,
    runStatus,
    updatedAt: now,
  };
  const data: Record<string, unknown> = { previousStatus: record.status, resolutionData };
  if (incoming.reason !== undefined) data.reason = incoming.reason;
  if (incoming.editedArgs !== undefined) data.editedArgs = incoming.editedArgs;
  const audit: AuditEntryInput = {
    action,
    actor: update.resolvedBy ?? 'system',
    runId: record.runId,
    approvalId: record.id,
    toolName: record.toolName,
    toolCallId: record.toolCallId,
    argsDigest: record.argsDigest,
    data,
  };
  if (update.resolvedByRoles !== undefined) audit.actorRoles = [...update.resolvedByRoles];
  return { record: next, audit };
}

/** The resolution that expires a pending record whose time ran out (no resolver: `system`). */
export function expiryUpdate(now: number): ApprovalResolutionUpdate {
  return { expectedStatus: 'pending', status: 'expired', resolvedBy: null, resolvedAt: now };
}
