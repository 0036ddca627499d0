import type { Store } from '../../db/store.js';
import type { RunOutput } from '../../run/run-output.js';
import type { AnyTool } from '../../tools/tool.js';

/** One thing a paused run still waits for, as the API reports it. */
export interface WaitingItem {
  requirementId: string;
  toolName: string;
  kind: string;
  /** `user`: the run's user must decide (continue); `approval`: an approver must resolve `approvalId`. */
  waitingFor: 'user' | 'approval';
  approvalId?: string;
}

/**
 * What a paused run still waits for: its undecided requirements and its pending `required`
 * approval records (a call may wait for both). Empty for a run that is not paused. `tools` tells
 * which confirmations an approver's record decides alone (`approval()` on a tool without a pause
 * flag of its own).
 */
export async function waitingFor(
  db: Store,
  run: RunOutput,
  tools: readonly AnyTool[] = [],
): Promise<WaitingItem[]> {
  if (!run.isPaused) return [];
  const { items } = await db.getApprovals({
    runId: run.runId,
    status: 'pending',
    type: 'required',
    limit: 500,
  });
  const pending = new Map(items.map((record) => [record.requirementId, record.id]));
  const waiting: WaitingItem[] = [];
  for (const requirement of run.requirements) {
    const base = { requirementId: requirement.id, toolName: requirement.toolName, kind: requirement.kind };
    const approvalId = pending.get(requirement.id);
    if (approvalId !== undefined) waiting.push({ ...base, waitingFor: 'approval', approvalId });
    const tool = tools.find((candidate) => candidate.name === requirement.toolName);
    const decidedByApprover =
      requirement.approvalType === 'required' && (tool === undefined || tool.approval?.baseLane === null);
    if (!requirement.isResolved && !decidedByApprover) waiting.push({ ...base, waitingFor: 'user' });
  }
  return waiting;
}
