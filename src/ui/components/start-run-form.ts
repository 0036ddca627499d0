import { html } from 'hono/html';
import { DEMO_AGENT_ID } from '../../server/demo/demo-agent.js';
import type { TargetRegistry } from '../../server/target-registry.js';
import { csrfField } from './forms.js';
import type { Markup } from './markup.js';

/** Messages the offline demo model understands, offered as one-click suggestions. */
export const DEMO_SUGGESTIONS = [
  'Refund order 1234 for $250',
  'Refund $40 to ACME-123',
  'Look up ACME-123',
  'Reset the password for bob@example.com',
  'Open a ticket: the VPN is broken',
  'File a change request to open port 8443 on the billing firewall',
];

/**
 * The form that starts a run: which agent or team, and the message. When the demo helpdesk is
 * served, a few messages its offline model understands are one click away.
 */
export function startRunForm(registry: TargetRegistry, csrf: string): Markup {
  const targets = [
    ...registry
      .list('agent')
      .map((target) => ({ value: `agent:${target.id}`, label: target.name ?? target.id })),
    ...registry
      .list('team')
      .map((target) => ({ value: `team:${target.id}`, label: `${target.name ?? target.id} (team)` })),
  ];
  if (targets.length === 0) {
    return html`<p class="muted">No agents are served. Add them to <code>countersign.config.ts</code>.</p>`;
  }
  const demo = registry.list('agent').some((target) => target.id === DEMO_AGENT_ID);
  return html`<form method="post" action="/ui/runs" class="stack" aria-label="Start a run">
    ${csrfField(csrf)}
    <label>Agent
      <select name="target">${targets.map((target) => html`<option value="${target.value}">${target.label}</option>`)}</select>
    </label>
    <label>Message
      <textarea id="message" name="message" required maxlength="20000" placeholder="What should the agent do?"></textarea>
    </label>
    ${
      demo
        ? html`<div class="suggestions" aria-label="Examples the demo understands">
      ${DEMO_SUGGESTIONS.map((text) => html`<button type="button" data-fill="${text}">${text}</button>`)}
    </div>`
        : ''
    }
    <div><button type="submit" class="primary">Send</button></div>
  </form>`;
}
