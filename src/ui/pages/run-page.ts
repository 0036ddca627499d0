import { html } from 'hono/html';
import { hasRole } from '../../server/identity.js';
import { AUDITOR_ROLE } from '../../server/routes/audit.js';
import { auditTable } from '../components/audit-table.js';
import { formatAge, formatTime, nowSeconds } from '../components/format.js';
import type { Markup } from '../components/markup.js';
import { runTimeline } from '../components/run-timeline.js';
import { runBadge } from '../components/status.js';
import { traceList, traceReader } from '../components/trace-list.js';
import { waitingPanel } from '../components/waiting-panel.js';
import { loadRun } from '../load-run.js';
import { renderPage } from '../respond.js';
import type { UiRequest, UiState } from '../ui-state.js';

/**
 * `GET /ui/runs/{runId}`: one run. Its timeline (the user's message, each model call with its tool
 * calls, the approvals and decisions about them, results, the end), what it waits for with the
 * forms that decide it, its audit entries (for auditors and admins, as in the API) and, when the
 * store records traces, its spans. Status, timeline and forms update live.
 */
export async function runPage(ui: UiState, request: UiRequest, runId: string): Promise<Response> {
  const { services } = ui;
  const loaded = await loadRun(ui, runId);
  const { run } = loaded;
  const memberRunIds = run.requirements.flatMap((requirement) =>
    requirement.member ? [requirement.member.runId] : [],
  );
  const [waiting, ...recordPages] = await Promise.all([
    services.runs.waitingFor(run),
    ...[run.runId, ...new Set(memberRunIds)].map((id) => services.approvals.list({ runId: id, limit: 200 })),
  ]);
  const records = recordPages.flatMap((page) => page.items);
  const now = nowSeconds();
  const auditor = hasRole(request.identity, AUDITOR_ROLE);
  const audit = auditor ? (await services.db.listAudit({ runId, limit: 1000 })).items : [];
  const reader = traceReader(services.db);
  const traces: Markup = reader ? await traceList(reader, runId) : html``;
  const target = services.registry.forRun(run.toDocument());
  const agentName = target?.name ?? run.teamId ?? run.agentId;

  const content = html`<p><a href="/ui/runs">← Runs</a></p>
  <h1>Run <span class="mono">${run.runId.slice(0, 8)}</span> <span id="run-status" data-live-region>${runBadge(run, waiting)}</span></h1>
  <p class="subtitle">${agentName} · asked by <strong>${run.userId ?? 'an unknown user'}</strong> · ${formatAge(run.createdAt, now)}</p>
  <div id="run-body" data-live-region>
    <div class="columns">
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        ${runTimeline({ run, records, waiting, now })}
      </section>
      <div>
        ${
          run.isPaused
            ? html`<section aria-labelledby="waiting-heading"><h2 id="waiting-heading">Waiting for</h2>
          ${waitingPanel({ run, waiting, identity: request.identity, csrf: request.csrf, served: loaded.served })}</section>`
            : ''
        }
        <section class="card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <dl class="facts">
            <dt>Run</dt><dd class="mono small">${run.runId}</dd>
            <dt>${run.teamId === undefined ? 'Agent' : 'Team'}</dt><dd>${agentName} <span class="muted small">(${loaded.targetId})</span></dd>
            <dt>User</dt><dd>${run.userId ?? '—'}</dd>
            <dt>Session</dt><dd class="mono small">${run.sessionId}</dd>
            <dt>Model calls</dt><dd>${run.steps}</dd>
            <dt>Tokens</dt><dd>${run.usage.totalTokens} <span class="muted small">(${run.usage.inputTokens} in, ${run.usage.outputTokens} out)</span></dd>
            <dt>Created</dt><dd>${formatTime(run.createdAt)}</dd>
            <dt>Updated</dt><dd>${formatTime(run.updatedAt)}</dd>
          </dl>
        </section>
      </div>
    </div>
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit entries</h2>
      ${
        auditor
          ? audit.length > 0
            ? auditTable(audit, { showRun: false })
            : html`<p class="muted small">No audit entries name this run.</p>`
          : html`<p class="muted small">The audit log is for the auditor and admin roles; ${request.identity.userId} holds neither.</p>`
      }
    </section>
    ${reader ? html`<section aria-labelledby="traces-heading"><h2 id="traces-heading">Traces</h2>${traces}</section>` : ''}
  </div>`;
  return renderPage(ui, request, {
    title: `Run ${run.runId.slice(0, 8)} (${run.status})`,
    section: 'runs',
    content,
    liveRunId: run.runId,
  });
}
