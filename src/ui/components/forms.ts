import { html } from 'hono/html';
import { CSRF_FIELD } from '../csrf.js';
import type { Markup } from './markup.js';

/** The hidden field that carries the session's CSRF token; every form includes it. */
export function csrfField(token: string): Markup {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}
