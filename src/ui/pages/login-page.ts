import type { Context } from 'hono';
import { html } from 'hono/html';
import { csrfField } from '../components/forms.js';
import { layout } from '../components/layout.js';
import type { Flash } from '../flash.js';
import type { UiState } from '../ui-state.js';

/**
 * `GET /ui/login`: sign in by pasting a bearer token (a JWT or an API key). The server verifies
 * it with the same authenticator as the API and keeps it in an HttpOnly cookie.
 */
export function loginPage(
  ui: UiState,
  context: Context,
  csrf: string,
  flash: Flash | undefined,
  next: string,
): Response | Promise<Response> {
  const content = html`<h1>Sign in</h1>
  ${flash ? html`<div class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.message}</div>` : ''}
  <section class="card">
    ${
      ui.tokenLogin
        ? html`<p class="subtitle">Paste a bearer token: a JWT from your identity provider or an API key. It is verified exactly as the API verifies <code>Authorization: Bearer</code>, and kept in an HttpOnly cookie for this browser session.</p>
    <form method="post" action="/ui/login" class="stack" aria-label="Sign in">
      ${csrfField(csrf)}<input type="hidden" name="next" value="${next}">
      <label>Token<textarea name="token" required autocomplete="off" spellcheck="false"></textarea></label>
      <div><button type="submit" class="primary">Sign in</button></div>
    </form>`
        : html`<p>This server has no credentials configured. Start it with <code>--dev</code> for the user picker, or configure <code>auth</code> in its config.</p>`
    }
    ${ui.dev ? html`<p class="small"><a href="/">Back to dev mode (user picker)</a></p>` : ''}
  </section>`;
  context.header('cache-control', 'no-store');
  return context.html(layout(ui, undefined, { title: 'Sign in', section: 'none', content, live: false }));
}
