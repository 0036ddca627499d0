import type { ResolveOutcome } from '../../server/services/approval-service.js';
import type { ContinueOutcome } from '../../server/services/run-service.js';
import { runStatusLabel } from '../components/status.js';
import type { Flash } from '../flash.js';

function waitingText(outcome: Partial<ContinueOutcome>): string {
  const items = outcome.waitingFor ?? [];
  return items
    .map((item) => `${item.toolName} (${item.waitingFor === 'approval' ? 'an approver' : 'the user'})`)
    .join(', ');
}

/** What happened to the run after a decision, in one sentence ("The run resumed and is now completed."). */
export function describeRun(outcome: Partial<ContinueOutcome>): string {
  if (outcome.continueError) return `The run could not resume: ${outcome.continueError.message}`;
  if (outcome.run === undefined) return '';
  const label = runStatusLabel(outcome.run, outcome.waitingFor ?? []).text.toLowerCase();
  if (outcome.continued) return `The run resumed and is now ${label}.`;
  const waiting = waitingText(outcome);
  return waiting === '' ? `The run is ${label}.` : `The run still waits for ${waiting}.`;
}

/** The message after a resolution: the decision, a vote's count, and what became of the run. */
export function describeResolution(outcome: ResolveOutcome): Flash {
  const record = outcome.approval;
  if (record.status === 'pending') {
    const votes = record.resolutionData?.votes?.length ?? 0;
    return {
      kind: 'notice',
      message: `Your approval was counted: ${votes} of ${record.quorum} approvers so far.`,
    };
  }
  const decided =
    record.status === 'approved'
      ? 'Approved.'
      : record.status === 'rejected'
        ? 'Rejected.'
        : `Now ${record.status}.`;
  const run = describeRun(outcome);
  return {
    kind: outcome.continueError ? 'error' : 'notice',
    message: run === '' ? decided : `${decided} ${run}`,
  };
}
