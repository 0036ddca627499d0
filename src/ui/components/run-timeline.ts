import type { LanguageModelV3Message, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import { html } from 'hono/html';
import type { ApprovalRecord } from '../../approvals/approval-record.js';
import type { RequirementData, ToolCallRecord } from '../../run/run-document.js';
import type { RunOutput } from '../../run/run-output.js';
import type { WaitingItem } from '../../server/services/waiting-for.js';
import { compactJson, formatAge, formatTime, formatUntil, prettyJson } from './format.js';
import type { Markup } from './markup.js';
import { approvalPath } from './paths.js';
import { approvalBadge, badge, type Tone } from './status.js';

/** What the timeline of a run is drawn from. */
export interface TimelineInput {
  run: RunOutput;
  /** The approval records of the run (every status). */
  records: readonly ApprovalRecord[];
  waiting: readonly WaitingItem[];
  now: number;
}

const OUTCOMES: Record<ToolCallRecord['outcome'], { text: string; tone: Tone }> = {
  executed: { text: 'Executed', tone: 'ok' },
  rejected: { text: 'Not executed', tone: 'bad' },
  external: { text: 'External result', tone: 'ok' },
  invalid: { text: 'Invalid arguments', tone: 'bad' },
  failed: { text: 'Failed', tone: 'bad' },
  in_doubt: { text: 'In doubt', tone: 'warn' },
};

function resultValue(part: LanguageModelV3ToolResultPart): unknown {
  const output = part.output as { type: string; value?: unknown; reason?: string };
  return output.value ?? output.reason ?? output.type;
}

function recordLine(record: ApprovalRecord, now: number): Markup {
  const reason = typeof record.resolutionData?.reason === 'string' ? record.resolutionData.reason : '';
  const requested = html`Approval ${record.approverRole === null ? '' : html`by <strong>${record.approverRole}</strong> `}requested ${formatAge(record.createdAt, now)}`;
  if (record.status === 'pending') {
    return html`<p class="decision">${approvalBadge('pending')} ${requested}${
      record.expiresAt === null ? '' : `, expires ${formatUntil(record.expiresAt, now)}`
    } · <a href="${approvalPath(record.id)}">open the approval</a></p>`;
  }
  return html`<p class="decision">${approvalBadge(record.status)} ${requested};
    ${record.status}${record.resolvedBy === null ? '' : html` by <strong>${record.resolvedBy}</strong>`}${
      record.resolvedAt === null
        ? ''
        : html` <span title="${formatTime(record.resolvedAt)}">${formatAge(record.resolvedAt, now)}</span>`
    }${reason === '' ? '' : html`: “${reason}”`} · <a href="${approvalPath(record.id)}">details</a></p>`;
}

function requirementLine(requirement: RequirementData): Markup {
  const decision = requirement.decision;
  if (decision === undefined) return html``;
  const by = decision.decidedBy === undefined ? '' : ` by ${decision.decidedBy}`;
  if (!decision.confirmed) {
    return html`<p class="decision">${badge('Rejected', 'bad')} Rejected${by}${decision.reason ? html`: “${decision.reason}”` : ''}</p>`;
  }
  const what =
    requirement.kind === 'external_execution'
      ? 'Result reported'
      : requirement.kind === 'confirmation'
        ? 'Confirmed'
        : 'Input given';
  return html`<p class="decision">${badge(what, 'ok')} ${what}${by}; the run continues once every call is decided.</p>`;
}

function callBlock(
  input: TimelineInput,
  call: { toolCallId: string; toolName: string; input: unknown },
): Markup {
  const { run, records, now } = input;
  const record = run.toolCalls.find((candidate) => candidate.toolCallId === call.toolCallId);
  const requirement = run
    .toDocument()
    .requirements.find((candidate) => candidate.toolCallId === call.toolCallId);
  const pending = run.toDocument().pendingResults.find((part) => part.toolCallId === call.toolCallId);
  let state: Markup;
  if (record) state = badge(OUTCOMES[record.outcome].text, OUTCOMES[record.outcome].tone);
  else if (requirement) state = badge('Waiting', 'warn');
  else if (pending) state = badge('Ran; result held until the run resumes', 'info');
  else state = badge(run.status === 'running' ? 'Running' : 'No result', 'idle');
  const edited =
    record !== undefined && compactJson(record.args, 100_000) !== compactJson(call.input, 100_000);
  const result = record ? record.result : pending ? resultValue(pending) : undefined;
  return html`<div class="call" id="call-${call.toolCallId}">
    <div class="event-head"><strong>${call.toolName}</strong> ${state}</div>
    <pre>${prettyJson(call.input)}</pre>
    ${edited ? html`<p class="small">Executed with edited arguments:</p><pre>${prettyJson(record?.args)}</pre>` : ''}
    ${records.filter((candidate) => candidate.toolCallId === call.toolCallId).map((candidate) => recordLine(candidate, now))}
    ${requirement ? requirementLine(requirement) : ''}
    ${result === undefined ? '' : html`<details ${record?.isError ? 'open' : ''}><summary class="small">Result</summary><pre>${prettyJson(result)}</pre></details>`}
  </div>`;
}

function messageItem(
  input: TimelineInput,
  message: LanguageModelV3Message,
  modelCall: number,
  last: boolean,
): Markup {
  if (message.role === 'user') {
    const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    return html`<li class="user"><div class="event-head"><strong>Message</strong><span class="muted small">from ${input.run.userId ?? 'an unknown user'}</span></div>
      <div class="quote">${text}</div></li>`;
  }
  if (message.role !== 'assistant') return html``;
  const calls = message.content.flatMap((part) =>
    part.type === 'tool-call'
      ? [{ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input }]
      : [],
  );
  // The final answer is shown once, where the run ends.
  const isAnswer = last && calls.length === 0 && input.run.status === 'completed';
  const texts = isAnswer
    ? []
    : message.content.flatMap((part) => (part.type === 'text' && part.text !== '' ? [part.text] : []));
  return html`<li class="model"><div class="event-head"><strong>Model call ${modelCall}</strong>
      <span class="muted small">${calls.length === 0 ? (isAnswer ? 'gave the answer below' : 'answered') : `asked for ${calls.length} tool call${calls.length === 1 ? '' : 's'}`}</span></div>
    ${texts.map((text) => html`<div class="quote">${text}</div>`)}
    ${calls.map((call) => callBlock(input, call))}
  </li>`;
}

function endItem(input: TimelineInput): Markup {
  const { run, waiting } = input;
  switch (run.status) {
    case 'completed':
      return html`<li class="done"><div class="event-head"><strong>Answer</strong><span class="muted small">${formatTime(run.updatedAt)}</span></div>
        <div class="quote answer">${run.content ?? ''}</div></li>`;
    case 'paused':
      return html`<li class="wait"><div class="event-head"><strong>Paused</strong><span class="muted small">${formatTime(run.updatedAt)}</span></div>
        <ul class="small">${waiting.map(
          (item) =>
            html`<li>${item.toolName}: ${item.waitingFor === 'approval' ? html`waits for an approver (<a href="${approvalPath(item.approvalId ?? '')}">open</a>)` : `waits for the user (${item.kind.replace('_', ' ')})`}</li>`,
        )}</ul></li>`;
    case 'error':
      return html`<li class="fail"><div class="event-head"><strong>Failed</strong><span class="muted small">${formatTime(run.updatedAt)}</span></div>
        <div class="quote">${run.error ? `${run.error.type}: ${run.error.message}` : 'The run failed.'}</div></li>`;
    case 'cancelled':
      return html`<li class="fail"><div class="event-head"><strong>Cancelled</strong><span class="muted small">${formatTime(run.updatedAt)}</span></div></li>`;
    default:
      return html`<li><div class="event-head"><strong>Running</strong></div></li>`;
  }
}

/**
 * A run's timeline from its document: the user's message, each model call with its text and tool
 * calls, and under each call its state, the approvals and decisions about it and its result; then
 * how the run ended or what it waits for.
 */
export function runTimeline(input: TimelineInput): Markup {
  let modelCall = 0;
  return html`<ol class="timeline">
    ${input.run.messages.map((message, index) => {
      if (message.role === 'assistant') modelCall += 1;
      return messageItem(input, message, modelCall, index === input.run.messages.length - 1);
    })}
    ${endItem(input)}
  </ol>`;
}
