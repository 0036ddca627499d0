import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

/** The cookies of the web UI. All are HttpOnly and SameSite=Strict. */
export const UI_COOKIES = {
  /** Dev mode: the user picked in the picker. */
  user: 'cs_user',
  /** Dev mode: that user's roles, comma-separated. */
  roles: 'cs_roles',
  /** With auth configured: the bearer token the user pasted, verified on every request. */
  token: 'cs_token',
  /** The per-session CSRF token every form carries back. */
  csrf: 'cs_csrf',
  /** A one-time message for the page after a redirect. */
  flash: 'cs_flash',
} as const;

/** Whether the request came over HTTPS (directly or, as the proxy says, through it). */
function isHttps(context: Context): boolean {
  return (
    new URL(context.req.url).protocol === 'https:' || context.req.header('x-forwarded-proto') === 'https'
  );
}

/** Sets a UI cookie: HttpOnly, SameSite=Strict, path `/`, Secure over HTTPS; a session cookie unless `maxAge`. */
export function setUiCookie(context: Context, name: string, value: string, maxAge?: number): void {
  setCookie(context, name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(context),
    ...(maxAge === undefined ? {} : { maxAge }),
  });
}

/** Removes a UI cookie. */
export function clearUiCookie(context: Context, name: string): void {
  deleteCookie(context, name, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(context) });
}
