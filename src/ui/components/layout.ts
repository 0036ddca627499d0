import { html } from 'hono/html';
import type { Flash } from '../flash.js';
import type { UiRequest, UiState } from '../ui-state.js';
import type { Markup } from './markup.js';
import { userBox } from './user-box.js';

/** The section of the navigation a page belongs to. */
export type NavSection = 'inbox' | 'runs' | 'start' | 'audit' | 'none';

/** What a page puts into the shared shell. */
export interface PageShell {
  title: string;
  section: NavSection;
  content: Markup;
  /** Follow only this run's events (a run or approval page); default: all events. */
  liveRunId?: string | undefined;
  /** Whether the page updates itself from server-sent events (default true). */
  live?: boolean;
  /** Pending approvals, for the inbox link; `null` hides the count. */
  pendingCount?: number | null;
}

function navLink(section: NavSection, current: NavSection, href: string, label: Markup | string): Markup {
  return html`<a href="${href}" ${section === current ? html`aria-current="page"` : ''}>${label}</a>`;
}

function flashBox(flash: Flash | undefined): Markup {
  if (flash === undefined) return html``;
  return html`<div class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.message}</div>`;
}

/**
 * The page shell: header with navigation and the user box, the one-time message, the content, and
 * the live-update script. `request` is absent on pages shown before anyone is signed in.
 */
export function layout(ui: UiState, request: UiRequest | undefined, shell: PageShell): Markup {
  const live = shell.live !== false && request !== undefined;
  const count = shell.pendingCount ?? null;
  const inboxLabel = html`Inbox${
    count === null
      ? ''
      : html`<span id="nav-pending-count" data-live-region class="count ${count === 0 ? 'zero' : ''}" title="pending approvals">${count}</span>`
  }`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shell.title} · Countersign</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/assets/style.css?v=${ui.assetVersion}">
<script src="/ui/assets/live.js?v=${ui.assetVersion}" defer></script>
</head>
<body ${live ? html`data-live` : ''} ${shell.liveRunId === undefined ? '' : html`data-live-run="${shell.liveRunId}"`}>
<header class="top">
  <a class="brand" href="/">Countersign</a>
  ${
    request === undefined
      ? html`<nav></nav>`
      : html`<nav aria-label="Main">
    ${navLink('inbox', shell.section, '/', inboxLabel)}
    ${navLink('runs', shell.section, '/ui/runs', 'Runs')}
    ${navLink('start', shell.section, '/ui/start', 'New run')}
    ${navLink('audit', shell.section, '/ui/audit', 'Audit log')}
  </nav>`
  }
  ${userBox(ui, request)}
</header>
<main>
${flashBox(request?.flash)}
${shell.content}
</main>
<footer>
  <span>Countersign AgentOS${ui.dev ? ' · dev mode' : ''}</span>
  ${live ? html`<span id="live-indicator" class="live-indicator" data-state="connecting" aria-live="polite">Connecting…</span>` : ''}
</footer>
</body>
</html>`;
}
