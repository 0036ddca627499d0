import { html } from 'hono/html';
import { startRunForm } from '../components/start-run-form.js';
import { renderPage } from '../respond.js';
import type { UiRequest, UiState } from '../ui-state.js';

/** `GET /ui/start`: start a run: pick an agent or team and write the message. */
export async function startRunPage(ui: UiState, request: UiRequest): Promise<Response> {
  const content = html`<h1>Start a run</h1>
  <p class="subtitle">The run is yours (${request.identity.userId}): a call that needs your confirmation waits for you, one that needs an approver waits in the inbox.</p>
  <section class="card">${startRunForm(ui.services.registry, request.csrf)}</section>`;
  return renderPage(ui, request, { title: 'Start a run', section: 'start', content, live: false });
}
