import { html } from 'hono/html';
import { approvalHint } from '../components/approval-hint.js';
import { approvalTable } from '../components/approval-table.js';
import { startRunForm } from '../components/start-run-form.js';
import { renderPage } from '../respond.js';
import { approverRoles } from '../ui-session.js';
import type { UiRequest, UiState } from '../ui-state.js';

/** The `role` filter value that keeps the records the viewer may decide. */
const MINE = 'mine';

/**
 * `GET /`: the approval inbox. Pending records first (grouped by run, filtered by approver role,
 * or to the ones the viewer may decide), then the latest decided ones. With nothing pending it
 * offers the form that starts a run, so a first visit can try the demo at once.
 */
export async function inboxPage(ui: UiState, request: UiRequest): Promise<Response> {
  const { approvals, registry } = ui.services;
  const role = request.context.req.query('role')?.trim() ?? '';
  const roleFilter = role === '' || role === MINE ? {} : { approverRole: role };
  const [pendingPage, recentPage] = await Promise.all([
    approvals.list({ status: 'pending', limit: 200, ...roleFilter }),
    approvals.list({ limit: 60, ...roleFilter }),
  ]);
  let pending = pendingPage.items;
  if (role === MINE) pending = pending.filter((record) => approvalHint(request.identity, record).mayDecide);
  let recent = recentPage.items.filter((record) => record.status !== 'pending');
  if (role === MINE) recent = recent.filter((record) => record.resolvedBy === request.identity.userId);
  recent = recent.slice(0, 20);
  const roles = new Set(approverRoles(registry));
  for (const record of pendingPage.items) if (record.approverRole !== null) roles.add(record.approverRole);
  const total = await approvals.count({ status: 'pending' });

  const content = html`<h1>Approval inbox</h1>
  <p class="subtitle">Calls that wait for an approver, pending first. Each row is one tool call; open it to approve or reject.</p>
  <form method="get" action="/" class="inline" aria-label="Filter">
    <label>Approver role
      <select name="role">
        <option value="" ${role === '' ? 'selected' : ''}>All roles</option>
        <option value="${MINE}" ${role === MINE ? 'selected' : ''}>What I may decide</option>
        ${[...roles].sort().map((name) => html`<option value="${name}" ${role === name ? 'selected' : ''}>${name}</option>`)}
      </select>
    </label>
    <button type="submit">Filter</button>
  </form>
  <section id="inbox-pending" data-live-region aria-labelledby="pending-heading">
    <h2 id="pending-heading">Pending (${pending.length})</h2>
    ${
      pending.length > 0
        ? approvalTable(request.identity, pending, 'Pending approvals')
        : html`<div class="card empty">Nothing waits for an approver${role === '' ? '' : ' in this filter'}.</div>`
    }
  </section>
  ${
    total === 0
      ? html`<section class="card" aria-labelledby="start-heading">
    <h2 id="start-heading">Start a run</h2>
    <p class="muted small">Ask an agent something; a call that needs approval shows up here.</p>
    ${startRunForm(registry, request.csrf)}
  </section>`
      : ''
  }
  <section id="inbox-recent" data-live-region aria-labelledby="recent-heading">
    <h2 id="recent-heading">Recently decided</h2>
    ${
      recent.length > 0
        ? approvalTable(request.identity, recent, 'Recently decided approvals')
        : html`<div class="card empty">No decided approvals yet.</div>`
    }
  </section>`;
  return renderPage(ui, request, {
    title: total > 0 ? `Inbox (${total} pending)` : 'Inbox',
    section: 'inbox',
    content,
    pendingCount: total,
  });
}
