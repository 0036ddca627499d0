import { html } from 'hono/html';
import type { AuditEntry } from '../../audit/audit-entry.js';
import { compactJson, formatTime, shortId } from './format.js';
import type { Markup } from './markup.js';
import { approvalPath, runPath } from './paths.js';
import { badge, type Tone } from './status.js';

function actionTone(action: AuditEntry['action']): Tone {
  if (action === 'access-denied' || action === 'approval-denied' || action === 'approval-rejected')
    return 'bad';
  if (action === 'tool-failed' || action === 'tool-in-doubt' || action === 'approval-requested')
    return 'warn';
  if (action === 'approval-expired' || action === 'approval-cancelled') return 'idle';
  return 'ok';
}

/** Audit entries in chain order: sequence, time, action, actor and roles, run, record, tool, details. */
export function auditTable(entries: readonly AuditEntry[], options: { showRun: boolean }): Markup {
  return html`<table class="audit">
    <thead><tr><th>#</th><th>Time</th><th>Action</th><th>Actor</th>${options.showRun ? html`<th>Run</th>` : ''}<th>Tool</th><th>Details</th></tr></thead>
    <tbody>${entries.map(
      (entry) => html`<tr>
      <td class="mono" title="hash ${entry.hash}">${entry.seq}</td>
      <td class="small">${formatTime(Math.floor(entry.at / 1000))}</td>
      <td>${badge(entry.action, actionTone(entry.action))}</td>
      <td>${entry.actor}${entry.actorRoles && entry.actorRoles.length > 0 ? html` <span class="muted small">(${entry.actorRoles.join(', ')})</span>` : ''}</td>
      ${options.showRun ? html`<td>${entry.runId ? html`<a class="mono" href="${runPath(entry.runId)}">${shortId(entry.runId)}</a>` : ''}</td>` : ''}
      <td>${entry.toolName ?? ''}</td>
      <td class="args">${entry.approvalId ? html`<a href="${approvalPath(entry.approvalId)}">record</a> ` : ''}${entry.data ? compactJson(entry.data, 200) : ''}</td>
    </tr>`,
    )}</tbody>
  </table>`;
}
