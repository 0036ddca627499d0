import { html } from 'hono/html';
import type { ApprovalStatus } from '../../approvals/approval-record.js';
import type { RunOutput } from '../../run/run-output.js';
import type { WaitingItem } from '../../server/services/waiting-for.js';
import type { Markup } from './markup.js';

/** The colour family of a badge; the text always says the same. */
export type Tone = 'ok' | 'warn' | 'bad' | 'idle' | 'info';

/** A small labelled status pill. */
export function badge(text: string, tone: Tone): Markup {
  return html`<span class="badge ${tone}">${text}</span>`;
}

const KIND_WAIT: Record<string, string> = {
  confirmation: 'Awaiting confirmation',
  user_input: 'Awaiting input',
  user_feedback: 'Awaiting input',
  external_execution: 'Awaiting external result',
};

/**
 * How a run's state reads to a person: a paused run is "Awaiting approval" while an approver must
 * decide, otherwise what its user owes ("Awaiting confirmation", "Awaiting input", ...).
 */
export function runStatusLabel(
  run: RunOutput,
  waiting: readonly WaitingItem[],
): { text: string; tone: Tone } {
  switch (run.status) {
    case 'paused': {
      if (waiting.some((item) => item.waitingFor === 'approval'))
        return { text: 'Awaiting approval', tone: 'warn' };
      const kinds = new Set(waiting.map((item) => item.kind));
      const only = kinds.size === 1 ? KIND_WAIT[[...kinds][0] as string] : undefined;
      return { text: only ?? 'Awaiting user', tone: 'warn' };
    }
    case 'completed':
      return { text: 'Completed', tone: 'ok' };
    case 'error':
      return { text: 'Failed', tone: 'bad' };
    case 'cancelled':
      return { text: 'Cancelled', tone: 'idle' };
    default:
      return { text: 'Running', tone: 'info' };
  }
}

/** The badge of a run's state (see {@link runStatusLabel}). */
export function runBadge(run: RunOutput, waiting: readonly WaitingItem[]): Markup {
  const label = runStatusLabel(run, waiting);
  return badge(label.text, label.tone);
}

const APPROVAL_TONES: Record<ApprovalStatus, Tone> = {
  pending: 'warn',
  approved: 'ok',
  rejected: 'bad',
  expired: 'idle',
  cancelled: 'idle',
};

/** The badge of an approval record's status (`Pending`, `Approved`, ...). */
export function approvalBadge(status: ApprovalStatus): Markup {
  return badge(status.charAt(0).toUpperCase() + status.slice(1), APPROVAL_TONES[status]);
}
