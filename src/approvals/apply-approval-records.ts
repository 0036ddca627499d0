import type { AuditEntryInput } from '../audit/audit-entry.js';
import { ApprovalPendingError } from '../errors/approval-pending-error.js';
import { StorageError } from '../errors/storage-error.js';
import { isUserInputKind, type RequirementData, type RunDocument } from '../run/run-document.js';
import type { AgentRuntime } from '../run/run-runtime.js';
import { nowSeconds, toolOf } from '../run/run-runtime.js';
import type { ApprovalRecord } from './approval-record.js';
import { argsDigest, newApprovalRecord, recordAuditEntry } from './approval-records.js';

function isUserRejection(requirement: RequirementData): boolean {
  return requirement.decision?.confirmed === false && (requirement.decision.source ?? 'user') === 'user';
}

function applyApproved(runtime: AgentRuntime, requirement: RequirementData, record: ApprovalRecord): void {
  const resolution = record.resolutionData ?? {};
  const decidedBy = record.resolvedBy ?? undefined;
  const implied = toolOf(runtime, requirement)?.approval?.baseLane === null;
  if (requirement.kind === 'confirmation') {
    if (implied && requirement.decision === undefined) {
      requirement.decision = {
        confirmed: true,
        source: 'approver',
        decidedAt: record.resolvedAt ?? nowSeconds(),
      };
      if (decidedBy !== undefined) requirement.decision.decidedBy = decidedBy;
    }
    // An approver's edit wins over the confirmer's: the approver signs off last.
    if (resolution.editedArgs !== undefined && requirement.decision?.confirmed === true) {
      requirement.decision.editedArgs = resolution.editedArgs;
    }
  } else if (isUserInputKind(requirement.kind)) {
    for (const field of requirement.userInputSchema ?? []) {
      if (resolution.values !== undefined && Object.hasOwn(resolution.values, field.name)) {
        field.value = resolution.values[field.name];
      }
    }
  } else if (
    requirement.kind === 'external_execution' &&
    resolution.result !== undefined &&
    requirement.decision === undefined
  ) {
    requirement.decision = { confirmed: true, result: resolution.result, source: 'approver' };
    if (resolution.isError === true) requirement.decision.isError = true;
    if (decidedBy !== undefined) requirement.decision.decidedBy = decidedBy;
  }
}

function applyRefusal(requirement: RequirementData, record: ApprovalRecord): void {
  if (isUserRejection(requirement)) return; // The first rejection's reason is the one the model hears.
  const expired = record.status === 'expired';
  requirement.decision = {
    confirmed: false,
    source: expired ? 'expired' : 'approver',
    decidedAt: record.resolvedAt ?? nowSeconds(),
  };
  const reason = expired
    ? new Date((record.expiresAt ?? record.resolvedAt ?? nowSeconds()) * 1000).toISOString()
    : record.status === 'cancelled'
      ? 'the approval was cancelled'
      : record.resolutionData?.reason;
  if (reason !== undefined) requirement.decision.reason = reason;
  if (record.resolvedBy !== null) requirement.decision.decidedBy = record.resolvedBy;
}

/**
 * Checks the approval records of a paused run's `required` approvals and applies their decisions
 * to the requirements, before the run is claimed. A missing or pending record is an
 * `ApprovalPendingError` (unless the user already rejected that call: its record is then
 * returned to be cancelled); a record bound to other arguments than the call's fails closed.
 * Returns the ids of records to cancel and the decided records that were applied.
 */
export async function applyApprovalRecords(
  runtime: AgentRuntime,
  document: RunDocument,
): Promise<{ toCancel: string[]; decided: ApprovalRecord[] }> {
  const gated = document.requirements.filter(
    (requirement) => requirement.approvalType === 'required' && requirement.approvalId !== undefined,
  );
  if (gated.length === 0) return { toCancel: [], decided: [] };
  const records = await Promise.all(
    gated.map((requirement) => runtime.store.getApproval(requirement.approvalId as string)),
  );
  const toCancel: string[] = [];
  const decided: ApprovalRecord[] = [];
  gated.forEach((requirement, index) => {
    const record = records[index];
    const approvalId = requirement.approvalId as string;
    // A team member's call has its record in the member's run.
    if (!record || record.runId !== (requirement.member?.runId ?? document.runId)) {
      throw new ApprovalPendingError(document.runId, approvalId, 'missing', requirement.toolName);
    }
    if (record.argsDigest !== argsDigest(requirement.toolArgs)) {
      throw new StorageError(
        `Approval ${approvalId} was given for other arguments than the paused call of ${requirement.toolName} in run ${document.runId}; nothing was executed.`,
      );
    }
    if (record.status === 'pending') {
      if (isUserRejection(requirement)) {
        toCancel.push(record.id);
        return;
      }
      throw new ApprovalPendingError(document.runId, approvalId, 'pending', requirement.toolName);
    }
    decided.push(record);
    if (record.status === 'approved') applyApproved(runtime, requirement, record);
    else applyRefusal(requirement, record);
  });
  return { toCancel, decided };
}

/**
 * The audit entries of the decisions users made in this continue (approvers' decisions were
 * audited when their records were resolved), and the records of `audit`-type approvals, which
 * are written once the user decided (with their own entries in `recordAudit`).
 */
export function decisionWrites(
  runtime: AgentRuntime,
  document: RunDocument,
  continuedBy: string | undefined,
): { audit: AuditEntryInput[]; approvals: ApprovalRecord[]; recordAudit: AuditEntryInput[] } {
  const audit: AuditEntryInput[] = [];
  const approvals: ApprovalRecord[] = [];
  const recordAudit: AuditEntryInput[] = [];
  for (const requirement of document.requirements) {
    // A team member's decisions are written by the member's own claim, in its run.
    if (requirement.member !== undefined) continue;
    const decision = requirement.decision;
    if (decision?.source !== undefined && decision.source !== 'user') continue;
    const confirmed = decision === undefined ? true : decision.confirmed;
    const actor = decision?.decidedBy ?? continuedBy ?? document.userId ?? 'unknown';
    const data: Record<string, unknown> = { kind: requirement.kind };
    if (decision?.reason !== undefined) data.reason = decision.reason;
    if (decision?.editedArgs !== undefined) data.editedArgs = decision.editedArgs;
    if (requirement.userInputSchema !== undefined)
      data.fields = requirement.userInputSchema.map((field) => field.name);
    const entry: AuditEntryInput = {
      action: confirmed ? 'approval-confirmed' : 'approval-rejected',
      actor,
      runId: document.runId,
      toolName: requirement.toolName,
      toolCallId: requirement.toolCallId,
      argsDigest: argsDigest(requirement.toolArgs),
      data,
    };
    if (requirement.approvalId !== undefined) entry.approvalId = requirement.approvalId;
    audit.push(entry);
    const policy = runtime.tools.get(requirement.toolName)?.approval;
    if (
      requirement.approvalType === 'audit' &&
      policy !== undefined &&
      requirement.approvalId !== undefined
    ) {
      const record = newApprovalRecord(document, runtime.name ?? runtime.id, {
        id: requirement.approvalId,
        requirement,
        policy,
        status: confirmed ? 'approved' : 'rejected',
        now: nowSeconds(),
        resolvedBy: actor,
        ...(decision?.reason === undefined ? {} : { reason: decision.reason }),
      });
      approvals.push(record);
      recordAudit.push(recordAuditEntry(record, actor));
    }
  }
  return { audit, approvals, recordAudit };
}
