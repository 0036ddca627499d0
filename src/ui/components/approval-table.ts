import { html } from 'hono/html';
import type { ApprovalRecord } from '../../approvals/approval-record.js';
import type { Identity } from '../../server/identity.js';
import { approvalHint } from './approval-hint.js';
import { compactJson, formatAge, formatTime, formatUntil, nowSeconds, shortId, truncate } from './format.js';
import type { Markup } from './markup.js';
import { approvalPath, runPath } from './paths.js';
import { approvalBadge, badge } from './status.js';

/** Records grouped by run, groups in the order of their first record. */
function byRun(records: readonly ApprovalRecord[]): ApprovalRecord[][] {
  const groups = new Map<string, ApprovalRecord[]>();
  for (const record of records) {
    const group = groups.get(record.runId);
    if (group) group.push(record);
    else groups.set(record.runId, [record]);
  }
  return [...groups.values()];
}

function youCell(identity: Identity, record: ApprovalRecord): Markup {
  if (record.status !== 'pending') {
    return html`<span class="small">${record.resolvedBy === null ? '' : `by ${record.resolvedBy}`}</span>`;
  }
  const hint = approvalHint(identity, record);
  if (hint.ownRequest) return badge('Your request', 'idle');
  if (hint.mayDecide) return badge('You may decide', 'info');
  return badge(`Needs ${record.approverRole}`, 'idle');
}

function row(identity: Identity, record: ApprovalRecord, now: number): Markup {
  return html`<tr data-approval-id="${record.id}">
    <td><a href="${approvalPath(record.id)}"><strong>${record.toolName}</strong></a></td>
    <td class="args">${compactJson(record.toolArgs)}</td>
    <td>${record.requestedBy ?? '—'}</td>
    <td>${record.sourceName}</td>
    <td>${record.approverRole ?? 'any'}</td>
    <td><time datetime="${new Date(record.createdAt * 1000).toISOString()}" title="${formatTime(record.createdAt)}">${formatAge(record.createdAt, now)}</time></td>
    <td>${record.expiresAt === null ? 'never' : html`<span title="${formatTime(record.expiresAt)}">${formatUntil(record.expiresAt, now)}</span>`}</td>
    <td>${approvalBadge(record.status)}</td>
    <td>${youCell(identity, record)}</td>
  </tr>`;
}

/**
 * A table of approval records grouped by run (one record per gated call, so a run may have
 * several): each group names the run and the user's message, each row the call, its requester,
 * age, expiry, status and what the viewer may do.
 */
export function approvalTable(
  identity: Identity,
  records: readonly ApprovalRecord[],
  caption: string,
): Markup {
  const now = nowSeconds();
  return html`<table>
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr><th>Tool</th><th>Arguments</th><th>Requested by</th><th>Agent</th><th>Role</th><th>Age</th><th>Expires</th><th>Status</th><th>You</th></tr></thead>
    ${byRun(records).map(
      (group) => html`<tbody>
      <tr class="group"><td colspan="9">Run <a href="${runPath(group[0]?.runId ?? '')}" class="mono">${shortId(group[0]?.runId ?? '')}</a>
        · “${truncate(group[0]?.context.input ?? '', 160)}”${group.length > 1 ? ` · ${group.length} calls` : ''}</td></tr>
      ${group.map((record) => row(identity, record, now))}
    </tbody>`,
    )}
  </table>`;
}
