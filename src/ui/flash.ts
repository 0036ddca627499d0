import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearUiCookie, setUiCookie, UI_COOKIES } from './cookies.js';

/** A one-time message shown on the page a form redirects to. */
export interface Flash {
  kind: 'notice' | 'error';
  message: string;
}

/** Longest message kept (a cookie holds about 4 KB). */
const MAX_MESSAGE = 1_500;

/** Stores a message for the next page (a short-lived cookie). */
export function setFlash(context: Context, flash: Flash): void {
  const message =
    flash.message.length > MAX_MESSAGE ? `${flash.message.slice(0, MAX_MESSAGE)}…` : flash.message;
  setUiCookie(context, UI_COOKIES.flash, JSON.stringify({ kind: flash.kind, message }), 120);
}

/** Reads and removes the message a redirect left, if any. */
export function takeFlash(context: Context): Flash | undefined {
  const value = getCookie(context, UI_COOKIES.flash);
  if (value === undefined) return undefined;
  clearUiCookie(context, UI_COOKIES.flash);
  try {
    const parsed = JSON.parse(value) as Partial<Flash>;
    if ((parsed.kind === 'notice' || parsed.kind === 'error') && typeof parsed.message === 'string') {
      return { kind: parsed.kind, message: parsed.message };
    }
  } catch {
    // a malformed cookie is dropped
  }
  return undefined;
}
