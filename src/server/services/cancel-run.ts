import type { Store } from '../../db/store.js';
import { ApprovalConflictError } from '../../errors/approval-conflict-error.js';
import { RunConflictError } from '../../errors/run-conflict-error.js';
import type { RunDocument } from '../../run/run-document.js';
import type { EventBus } from '../event-bus.js';
import type { Identity } from '../identity.js';

/**
 * Cancels a paused run as the identity: the run becomes `cancelled` (compare-and-set on its
 * version and status, so a run that was continued meanwhile is a `RunConflictError`), then each of
 * its pending `required` records becomes `cancelled` (audited as `approval-cancelled`). A record
 * decided in between keeps its decision. Publishes `approval-resolved` per record and `run-cancelled`.
 */
export async function cancelPausedRun(
  db: Store,
  bus: EventBus,
  identity: Identity,
  document: RunDocument,
  version: number,
): Promise<void> {
  const runId = document.runId;
  if (document.status !== 'paused') {
    throw new RunConflictError(
      runId,
      document.status,
      `Run ${runId} cannot be cancelled: its status is '${document.status}'; only paused runs can be cancelled.`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  document.status = 'cancelled';
  document.content = `Cancelled by ${identity.userId}.`;
  document.updatedAt = now;
  await db.saveRun(document, { expectedVersion: version, expectedStatus: 'paused' });
  for (const requirement of document.requirements) {
    if (requirement.approvalId === undefined || requirement.approvalType !== 'required') continue;
    try {
      const record = await db.updateApproval(requirement.approvalId, {
        expectedStatus: 'pending',
        status: 'cancelled',
        resolvedBy: identity.userId,
        resolvedAt: now,
        resolutionData: { reason: `The run was cancelled by ${identity.userId}.` },
      });
      bus.publish({
        type: 'approval-resolved',
        runId,
        at: Date.now(),
        approvalId: record.id,
        toolName: record.toolName,
        status: record.status,
        resolvedBy: identity.userId,
      });
    } catch (error) {
      // Decided meanwhile: that decision stands and is audited; the run is cancelled anyway.
      if (!(error instanceof ApprovalConflictError)) throw error;
    }
  }
  bus.publish({ type: 'run-cancelled', runId, at: Date.now() });
}
