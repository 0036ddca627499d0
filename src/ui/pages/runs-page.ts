import { html } from 'hono/html';
import type { ListRunsQuery } from '../../db/store.js';
import type { RunStatus } from '../../run/run-document.js';
import { formatAge, formatTime, nowSeconds, truncate } from '../components/format.js';
import { runPath } from '../components/paths.js';
import { runBadge } from '../components/status.js';
import { renderPage } from '../respond.js';
import type { UiRequest, UiState } from '../ui-state.js';

const STATUSES: readonly { value: RunStatus; label: string }[] = [
  { value: 'paused', label: 'Paused (awaiting someone)' },
  { value: 'running', label: 'Running' },
  { value: 'completed', label: 'Completed' },
  { value: 'error', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

/**
 * `GET /ui/runs`: runs newest first, filtered by status and agent, paged. A paused run reads
 * "Awaiting approval" while an approver must decide, or what its user still owes.
 */
export async function runsPage(ui: UiState, request: UiRequest): Promise<Response> {
  const { runs, registry } = ui.services;
  const status = request.context.req.query('status') ?? '';
  const target = request.context.req.query('target') ?? '';
  const cursor = request.context.req.query('cursor') || undefined;
  const query: ListRunsQuery = { limit: 50 };
  if (STATUSES.some((entry) => entry.value === status)) query.status = status as RunStatus;
  if (target.startsWith('agent:')) query.agentId = target.slice(6);
  else if (target.startsWith('team:')) query.teamId = target.slice(5);
  if (cursor !== undefined) query.cursor = cursor;
  const page = await runs.listRuns(query);
  const waiting = await Promise.all(page.items.map((run) => runs.waitingFor(run)));
  const targets = [
    ...registry.list('agent').map((entry) => ({ value: `agent:${entry.id}`, label: entry.name ?? entry.id })),
    ...registry
      .list('team')
      .map((entry) => ({ value: `team:${entry.id}`, label: `${entry.name ?? entry.id} (team)` })),
  ];
  const names = new Map(targets.map((entry) => [entry.value, entry.label]));
  const now = nowSeconds();
  const next = new URLSearchParams({ ...(status ? { status } : {}), ...(target ? { target } : {}) });
  if (page.nextCursor !== null) next.set('cursor', page.nextCursor);

  const content = html`<h1>Runs</h1>
  <p class="subtitle">Newest first. A paused run waits for an approver or for its user.</p>
  <form method="get" action="/ui/runs" class="inline" aria-label="Filter">
    <label>Status
      <select name="status"><option value="">All</option>
        ${STATUSES.map((entry) => html`<option value="${entry.value}" ${status === entry.value ? 'selected' : ''}>${entry.label}</option>`)}
      </select></label>
    <label>Agent
      <select name="target"><option value="">All</option>
        ${targets.map((entry) => html`<option value="${entry.value}" ${target === entry.value ? 'selected' : ''}>${entry.label}</option>`)}
      </select></label>
    <button type="submit">Filter</button>
    <a href="/ui/start">Start a run →</a>
  </form>
  <section id="runs-list" data-live-region>
  ${
    page.items.length === 0
      ? html`<div class="card empty">No runs${status || target ? ' match the filter' : ' yet'}. <a href="/ui/start">Start one</a>.</div>`
      : html`<table>
    <thead><tr><th>Status</th><th>Message</th><th>Agent</th><th>User</th><th>Started</th><th>Updated</th></tr></thead>
    <tbody>${page.items.map((run, index) => {
      const key = run.teamId === undefined ? `agent:${run.agentId}` : `team:${run.teamId}`;
      return html`<tr data-run-id="${run.runId}">
        <td>${runBadge(run, waiting[index] ?? [])}</td>
        <td><a href="${runPath(run.runId)}">${truncate(run.input, 120) || '(empty message)'}</a></td>
        <td>${names.get(key) ?? run.teamId ?? run.agentId}</td>
        <td>${run.userId ?? '—'}</td>
        <td><span title="${formatTime(run.createdAt)}">${formatAge(run.createdAt, now)}</span></td>
        <td><span title="${formatTime(run.updatedAt)}">${formatAge(run.updatedAt, now)}</span></td>
      </tr>`;
    })}</tbody>
  </table>`
  }
  ${page.nextCursor === null ? '' : html`<p class="pager"><a href="/ui/runs?${next.toString()}">Older runs →</a></p>`}
  </section>`;
  return renderPage(ui, request, { title: 'Runs', section: 'runs', content });
}
