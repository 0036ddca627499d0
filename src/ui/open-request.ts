import type { Context } from 'hono';
import { AuthenticationError } from '../errors/authentication-error.js';
import { clearUiCookie, UI_COOKIES } from './cookies.js';
import { ensureCsrfToken } from './csrf.js';
import { setFlash, takeFlash } from './flash.js';
import { redirectTo } from './respond.js';
import { sessionIdentity } from './ui-session.js';
import type { UiRequest, UiState } from './ui-state.js';

/** The header the page script sends when it re-fetches a page for a live update. */
export const LIVE_HEADER = 'x-countersign-live';

/** The login page's path, returning to `next` afterwards. */
export function loginPath(next: string): string {
  return next === '/' ? '/ui/login' : `/ui/login?${new URLSearchParams({ next }).toString()}`;
}

/**
 * Opens a page request: the session's identity (verified through the AgentOS authenticator), its
 * CSRF token, and the one-time message. Without a session, or with a token that no longer
 * verifies, it answers with the redirect to the login page instead.
 */
export async function openRequest(ui: UiState, context: Context): Promise<UiRequest | Response> {
  const url = new URL(context.req.url);
  const here = url.pathname + url.search;
  const csrf = ensureCsrfToken(context);
  const live = context.req.header(LIVE_HEADER) === '1';
  let identity: UiRequest['identity'] | undefined;
  try {
    identity = await sessionIdentity(ui, ui.devUsers, context);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    clearUiCookie(context, UI_COOKIES.token);
    setFlash(context, { kind: 'error', message: `Please sign in again: ${error.message}` });
    return redirectTo(context, loginPath(here));
  }
  if (identity === undefined) return redirectTo(context, loginPath(here));
  return { context, identity, csrf, live, flash: live ? undefined : takeFlash(context) };
}
