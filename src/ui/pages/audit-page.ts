import { html } from 'hono/html';
import type { AuditVerification } from '../../audit/audit-entry.js';
import type { AuditQuery } from '../../db/store.js';
import { assertAuditor } from '../../server/routes/audit.js';
import { auditTable } from '../components/audit-table.js';
import type { Markup } from '../components/markup.js';
import { runPath } from '../components/paths.js';
import { renderPage } from '../respond.js';
import type { UiRequest, UiState } from '../ui-state.js';

/** Entries per page. */
const PAGE_SIZE = 50;

function verificationBox(verification: AuditVerification): Markup {
  if (verification.ok) {
    return html`<div class="card verify ok" id="audit-verification" data-live-region role="status">
      <span class="mark" aria-hidden="true">✓</span>
      <div><strong>Chain verified</strong>: all ${verification.checked} entries check out.
        <div class="small muted">Head hash <span class="mono">${verification.headHash}</span></div></div>
    </div>`;
  }
  const broken = verification.firstInvalid;
  return html`<div class="card verify bad" id="audit-verification" data-live-region role="alert">
    <span class="mark" aria-hidden="true">✗</span>
    <div><strong>Chain broken</strong> at entry #${broken?.seq ?? '?'} (${broken?.reason ?? 'unknown'})${verification.checked > 0 ? `; the entries before it (up to #${verification.checked}) check out` : ''}.
      Entries from there on were altered, deleted or reordered after they were written.
      <div class="small muted">Last good hash <span class="mono">${verification.headHash}</span></div></div>
  </div>`;
}

/**
 * `GET /ui/audit`: the audit log (auditor or admin, as in the API) with the verification of its
 * hash chain on top, the latest entries first shown, paged in chain order, filterable by run.
 */
export async function auditPage(ui: UiState, request: UiRequest): Promise<Response> {
  assertAuditor(request.identity);
  const { db } = ui.services;
  const runId = request.context.req.query('runId')?.trim() || undefined;
  const requested = request.context.req.query('cursor') || undefined;
  const verification = await db.verifyAuditLog();
  let cursor = requested;
  if (cursor === undefined && runId === undefined) {
    const start = verification.ok
      ? verification.checked - PAGE_SIZE
      : (verification.firstInvalid?.seq ?? 1) - 10;
    if (start > 0) cursor = String(start);
  }
  const query: AuditQuery = { limit: PAGE_SIZE };
  if (cursor !== undefined) query.cursor = cursor;
  if (runId !== undefined) query.runId = runId;
  const page = await db.listAudit(query);
  const first = page.items[0];
  const link = (value: string) =>
    `/ui/audit?${new URLSearchParams({ ...(runId ? { runId } : {}), cursor: value }).toString()}`;
  const older =
    runId === undefined && first !== undefined && first.seq > 1
      ? link(String(Math.max(0, first.seq - 1 - PAGE_SIZE)))
      : undefined;

  const content = html`<h1>Audit log</h1>
  <p class="subtitle">Every request, decision, refusal and execution, hash-chained: altering, deleting or reordering an entry breaks the chain.</p>
  ${verificationBox(verification)}
  <form method="get" action="/ui/audit" class="inline" aria-label="Filter">
    <label>Run id <input name="runId" value="${runId ?? ''}" size="38" autocomplete="off"></label>
    <button type="submit">Filter</button>
    ${runId ? html`<a href="/ui/audit">All entries</a> · <a href="${runPath(runId)}">the run</a>` : ''}
  </form>
  <section id="audit-entries" data-live-region>
    ${page.items.length === 0 ? html`<div class="card empty">No entries${runId ? ' for this run' : ' yet'}.</div>` : auditTable(page.items, { showRun: true })}
    <p class="pager">
      ${older ? html`<a href="${older}">← Older entries</a>` : ''}
      ${page.nextCursor === null ? '' : html`<a href="${link(page.nextCursor)}">Newer entries →</a>`}
    </p>
  </section>`;
  return renderPage(ui, request, { title: 'Audit log', section: 'audit', content });
}
