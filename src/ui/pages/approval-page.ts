import { html } from 'hono/html';
import type { ApprovalRecord } from '../../approvals/approval-record.js';
import { RunNotFoundError } from '../../errors/run-not-found-error.js';
import type { RunOutput } from '../../run/run-output.js';
import { approvalHint } from '../components/approval-hint.js';
import { formatAge, formatTime, formatUntil, nowSeconds, prettyJson } from '../components/format.js';
import { csrfField } from '../components/forms.js';
import { userInputFields } from '../components/input-fields.js';
import type { Markup } from '../components/markup.js';
import { approvalPath, runPath } from '../components/paths.js';
import { approvalBadge, runBadge } from '../components/status.js';
import { loadRun } from '../load-run.js';
import { renderPage } from '../respond.js';
import type { UiRequest, UiState } from '../ui-state.js';

function timeFact(seconds: number, now: number): Markup {
  return html`${formatTime(seconds)} <span class="muted small">(${formatAge(seconds, now)})</span>`;
}

function approveExtras(record: ApprovalRecord, run: RunOutput | undefined): Markup {
  if (record.requirementKind === 'external_execution') {
    return html`<label>Result (optional; the outside system may report it instead)
        <textarea name="result"></textarea></label>
      <label class="check"><input type="checkbox" name="isError" value="true"> The result is an error</label>`;
  }
  if (record.requirementKind === 'user_input' || record.requirementKind === 'user_feedback') {
    const requirement = run?.requirements.find((candidate) => candidate.id === record.requirementId);
    const fields = requirement?.userInputSchema ?? [];
    if (fields.length === 0) return html``;
    return html`<p class="small muted">Fill or override the user's values (optional):</p>${userInputFields(fields, false)}`;
  }
  return html``;
}

function decisionForms(request: UiRequest, record: ApprovalRecord, run: RunOutput | undefined): Markup {
  const hint = approvalHint(request.identity, record);
  const action = `${approvalPath(record.id)}/resolve`;
  const votes = record.resolutionData?.votes ?? [];
  return html`<p class="hint ${hint.mayDecide ? '' : 'warn'}">${hint.text}</p>
  ${record.quorum > 1 ? html`<p class="small">Needs ${record.quorum} distinct approvers; ${votes.length} approved so far${votes.length > 0 ? ` (${votes.map((vote) => vote.userId).join(', ')})` : ''}.</p>` : ''}
  <div class="decide">
    <form method="post" action="${action}" class="stack" aria-label="Approve">
      ${csrfField(request.csrf)}<input type="hidden" name="status" value="approved">
      ${approveExtras(record, run)}
      <label>Note (optional)<input name="reason" maxlength="2000" autocomplete="off"></label>
      <div><button type="submit" class="approve">Approve</button></div>
    </form>
    <form method="post" action="${action}" class="stack" aria-label="Reject">
      ${csrfField(request.csrf)}<input type="hidden" name="status" value="rejected">
      <label>Reason (the agent is told)<textarea name="reason" maxlength="2000"></textarea></label>
      <div><button type="submit" class="danger">Reject</button></div>
    </form>
  </div>`;
}

function resolution(record: ApprovalRecord, now: number): Markup {
  const data = record.resolutionData ?? {};
  const { votes: _votes, ...shown } = data;
  const extra = Object.keys(shown).filter((key) => key !== 'reason');
  return html`<dl class="facts">
    <dt>Decided by</dt><dd>${record.resolvedBy ?? 'nobody'}</dd>
    ${record.resolvedAt === null ? '' : html`<dt>At</dt><dd>${timeFact(record.resolvedAt, now)}</dd>`}
    ${typeof data.reason === 'string' && data.reason !== '' ? html`<dt>Reason</dt><dd class="quote">${data.reason}</dd>` : ''}
    ${extra.length > 0 ? html`<dt>Data</dt><dd><pre>${prettyJson(Object.fromEntries(extra.map((key) => [key, shown[key]])))}</pre></dd>` : ''}
  </dl>`;
}

/**
 * `GET /ui/approvals/{id}`: one approval record: the tool, its arguments, who asked, the user's
 * message, the agent, its age and expiry; Approve and Reject (with a reason) while it is pending,
 * the decision once it is not. The decision panel and the run's status update live.
 */
export async function approvalPage(ui: UiState, request: UiRequest, id: string): Promise<Response> {
  const record = await ui.services.approvals.get(id);
  let run: RunOutput | undefined;
  try {
    run = (await loadRun(ui, record.runId)).run;
  } catch (error) {
    if (!(error instanceof RunNotFoundError)) throw error;
  }
  const waiting = run ? await ui.services.runs.waitingFor(run) : [];
  const now = nowSeconds();
  const content = html`<p><a href="/">← Inbox</a></p>
  <h1>${record.toolName} <span id="approval-status" data-live-region>${approvalBadge(record.status)}</span></h1>
  <p class="subtitle">Requested by <strong>${record.requestedBy ?? 'an unknown user'}</strong> through ${record.sourceName}, ${formatAge(record.createdAt, now)}.</p>
  <div class="columns">
    <section class="card" aria-labelledby="call-heading">
      <h2 id="call-heading">The call</h2>
      <dl class="facts">
        <dt>Tool</dt><dd><strong>${record.toolName}</strong> <span class="muted small">(${record.requirementKind.replace('_', ' ')}, ${record.type})</span></dd>
        <dt>Arguments</dt><dd><pre class="tool-args">${prettyJson(record.toolArgs)}</pre></dd>
        <dt>User's message</dt><dd class="quote">${record.context.input}</dd>
        <dt>Requested by</dt><dd>${record.requestedBy ?? '—'}</dd>
        <dt>Agent</dt><dd>${record.sourceName} <span class="muted small">(${record.sourceType} ${record.teamId ?? record.agentId}${record.context.member ? `, member ${record.context.member.agentName ?? record.context.member.agentId}` : ''})</span></dd>
        <dt>Approver role</dt><dd>${record.approverRole ?? 'any approver'}</dd>
        <dt>Age</dt><dd>${timeFact(record.createdAt, now)}</dd>
        <dt>Expires</dt><dd>${record.expiresAt === null ? 'never' : html`${formatTime(record.expiresAt)} <span class="muted small">(${formatUntil(record.expiresAt, now)})</span>`}</dd>
        <dt>Session</dt><dd class="mono">${record.sessionId}</dd>
        <dt>Digest</dt><dd class="mono small" title="SHA-256 of the arguments this record is about">${record.argsDigest}</dd>
      </dl>
    </section>
    <section id="approval-decision" data-live-region class="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading">Decision</h2>
      ${record.status === 'pending' ? decisionForms(request, record, run) : html`<p>${approvalBadge(record.status)}</p>${resolution(record, now)}`}
      <p class="run-line">Run <a href="${runPath(record.runId)}" class="mono">${record.runId}</a>
        ${run ? runBadge(run, waiting) : html`<span class="muted">(not stored)</span>`}</p>
    </section>
  </div>`;
  return renderPage(ui, request, {
    title: `${record.toolName} (${record.status})`,
    section: 'inbox',
    content,
    liveRunId: record.sourceType === 'team' ? undefined : record.runId,
  });
}
