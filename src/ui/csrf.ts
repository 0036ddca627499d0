import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { setUiCookie, UI_COOKIES } from './cookies.js';

/** The name of the hidden form field that carries the CSRF token. */
export const CSRF_FIELD = 'csrf';

/**
 * The session's CSRF token, creating it (and its cookie) on the first page a browser sees. Forms
 * echo it back in {@link CSRF_FIELD}; the cookie is SameSite=Strict, so another site can neither
 * send it nor read it.
 */
export function ensureCsrfToken(context: Context): string {
  const existing = getCookie(context, UI_COOKIES.csrf);
  if (existing !== undefined && /^[\w-]{32,}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setUiCookie(context, UI_COOKIES.csrf, token);
  return token;
}

/** Whether two tokens are equal, compared in constant time. */
export function sameToken(expected: string, actual: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(actual);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Why a form post must be refused, or `undefined` when it may proceed: the `Origin` header (sent by
 * browsers on every POST) must name this server, and the form's token must match the session's.
 */
export function csrfProblem(context: Context, submitted: string | undefined): string | undefined {
  const origin = context.req.header('origin');
  if (origin !== undefined && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    const served = context.req.header('host') ?? new URL(context.req.url).host;
    if (host !== served) return `The form was sent from another site (${origin}); it was not accepted.`;
  }
  const expected = getCookie(context, UI_COOKIES.csrf);
  if (expected === undefined || submitted === undefined || !sameToken(expected, submitted)) {
    return 'The form expired or did not come from this page (its security token did not match). Reload the page and try again.';
  }
  return undefined;
}
