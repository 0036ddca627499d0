import { html } from 'hono/html';
import type { Identity } from '../../server/identity.js';
import type { UiRequest, UiState } from '../ui-state.js';
import { csrfField } from './forms.js';
import type { Markup } from './markup.js';

function rolesText(identity: Identity): string {
  return identity.roles.length === 0 ? 'no roles' : identity.roles.join(', ');
}

/**
 * The header's user box. In dev mode: the picker (preset users, or any user id and roles); with
 * auth: who is signed in, and a sign-out button.
 */
export function userBox(ui: UiState, request: UiRequest | undefined): Markup {
  if (request === undefined) return html``;
  const { identity } = request;
  const next = new URL(request.context.req.url).pathname + new URL(request.context.req.url).search;
  const current = ui.devUsers.find((user) => user.userId === identity.userId);
  const signedInWithToken = identity.via === 'jwt' || identity.via === 'api-key';
  if (!ui.dev || signedInWithToken) {
    return html`<div class="who">
      <span>Signed in as <strong>${identity.userId}</strong> <span class="small">(${rolesText(identity)})</span></span>
      <form method="post" action="/ui/logout">${csrfField(request.csrf)}<button type="submit">Sign out</button></form>
    </div>`;
  }
  return html`<div class="who">
    <span class="dev-tag" title="Dev mode: nobody is authenticated. Never expose this server.">DEV MODE</span>
    <form method="post" action="/ui/session" aria-label="Switch user">
      ${csrfField(request.csrf)}<input type="hidden" name="next" value="${next}">
      <label class="visually-hidden" for="user-picker">User</label>
      <select id="user-picker" name="user">
        ${current === undefined ? html`<option value="" selected>${identity.userId} (${rolesText(identity)})</option>` : ''}
        ${ui.devUsers.map(
          (user) =>
            html`<option value="${user.userId}" ${user === current ? 'selected' : ''}>${user.userId} — ${user.label}</option>`,
        )}
      </select>
      <button type="submit">Switch</button>
    </form>
    <details>
      <summary>Other user</summary>
      <form method="post" action="/ui/session" class="stack" aria-label="Use another user">
        ${csrfField(request.csrf)}<input type="hidden" name="next" value="${next}">
        <label>User id <input name="userId" required maxlength="200" autocomplete="off"></label>
        <label>Roles (comma-separated) <input name="roles" autocomplete="off" placeholder="finance, auditor"></label>
        <button type="submit">Use this user</button>
      </form>
    </details>
    <span class="small" title="Your roles">${identity.userId}: ${rolesText(identity)}</span>
    ${ui.tokenLogin ? html`<a href="/ui/login">Sign in with a token</a>` : ''}
  </div>`;
}
