import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { layout, type PageShell } from './components/layout.js';
import type { UiRequest, UiState } from './ui-state.js';

/**
 * Renders a page in the shell, with the inbox count in the navigation. Pages are never cached:
 * they carry the session's CSRF token and the user's view.
 */
export async function renderPage(
  ui: UiState,
  request: UiRequest,
  shell: PageShell,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const pendingCount = shell.pendingCount ?? (await ui.services.approvals.count({ status: 'pending' }));
  return request.context.html(layout(ui, request, { ...shell, pendingCount }), status);
}

/** A local path to return to after a form, or `/`: never another site (`//host`, `\\host`, a scheme). */
export function safeNext(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return '/';
  return value;
}

/** The 303 redirect of a form post (post, redirect, get). */
export function redirectTo(context: Context, path: string): Response {
  return context.redirect(safeNext(path), 303);
}
