import { html } from 'hono/html';
import type { RunOutput } from '../../run/run-output.js';
import type { RunRequirement } from '../../run/run-requirement.js';
import { ADMIN_ROLE, hasRole, type Identity } from '../../server/identity.js';
import { EXECUTOR_ROLE } from '../../server/services/run-authority.js';
import type { WaitingItem } from '../../server/services/waiting-for.js';
import { prettyJson } from './format.js';
import { csrfField } from './forms.js';
import { userInputFields } from './input-fields.js';
import type { Markup } from './markup.js';
import { approvalPath, runPath } from './paths.js';

/** What the waiting panel needs. */
export interface WaitingPanelInput {
  run: RunOutput;
  waiting: readonly WaitingItem[];
  identity: Identity;
  csrf: string;
  /** This AgentOS serves the run's agent or team, so it can continue the run. */
  served: boolean;
}

function isOwner(identity: Identity, run: RunOutput): boolean {
  return (run.userId !== undefined && run.userId === identity.userId) || identity.roles.includes(ADMIN_ROLE);
}

function hidden(csrf: string, requirement: RunRequirement): Markup {
  return html`${csrfField(csrf)}<input type="hidden" name="requirementId" value="${requirement.id}">`;
}

function userForm(input: WaitingPanelInput, requirement: RunRequirement): Markup {
  const action = `${runPath(input.run.runId)}/decide`;
  const reject = html`<label>Reason for rejecting (optional)<input name="reason" maxlength="2000" autocomplete="off"></label>`;
  const rejectButton = html`<button type="submit" name="decision" value="reject" class="danger" formnovalidate>Reject</button>`;
  if (requirement.kind === 'external_execution') {
    return html`<form method="post" action="${action}" class="stack" aria-label="Report the result of ${requirement.toolName}">
      ${hidden(input.csrf, requirement)}
      <label>Result<textarea name="result" required></textarea></label>
      <label class="check"><input type="checkbox" name="isError" value="true"> The result is an error</label>
      ${reject}
      <div><button type="submit" name="decision" value="result" class="primary">Report result</button> ${rejectButton}</div>
    </form>`;
  }
  if (requirement.kind === 'user_input' || requirement.kind === 'user_feedback') {
    const missing = (requirement.userInputSchema ?? []).filter((field) => field.value === undefined);
    return html`<form method="post" action="${action}" class="stack" aria-label="Give the input for ${requirement.toolName}">
      ${hidden(input.csrf, requirement)}
      ${userInputFields(missing, true)}
      ${reject}
      <div><button type="submit" name="decision" value="input" class="primary">Send</button> ${rejectButton}</div>
    </form>`;
  }
  return html`<form method="post" action="${action}" class="stack" aria-label="Confirm ${requirement.toolName}">
    ${hidden(input.csrf, requirement)}
    ${reject}
    <div><button type="submit" name="decision" value="confirm" class="primary">Confirm</button> ${rejectButton}</div>
  </form>`;
}

function requirementCard(input: WaitingPanelInput, requirement: RunRequirement): Markup {
  const items = input.waiting.filter((item) => item.requirementId === requirement.id);
  const approval = items.find((item) => item.waitingFor === 'approval');
  const user = items.find((item) => item.waitingFor === 'user');
  const mayDecide =
    isOwner(input.identity, input.run) ||
    (requirement.kind === 'external_execution' && hasRole(input.identity, EXECUTOR_ROLE));
  return html`<div class="card requirement" data-requirement-id="${requirement.id}">
    <h3>${requirement.toolName} <span class="muted small">${approval !== undefined && user === undefined ? 'approval' : requirement.kind.replace('_', ' ')}</span></h3>
    <pre>${prettyJson(requirement.toolArgs)}</pre>
    ${approval ? html`<p class="hint warn">Waits for an approver. <a href="${approvalPath(approval.approvalId ?? '')}">Open the approval</a></p>` : ''}
    ${
      user === undefined
        ? items.length === 0
          ? html`<p class="small muted">Decided; the run continues once every call is decided.</p>`
          : ''
        : !input.served
          ? html`<p class="small muted">This server does not serve the run's agent, so it cannot continue it.</p>`
          : mayDecide
            ? userForm(input, requirement)
            : html`<p class="hint warn">Waits for ${input.run.userId ?? 'the run’s user'} (the run's user) or an admin${
                requirement.kind === 'external_execution' ? ', or the executor role' : ''
              }.</p>`
    }
  </div>`;
}

/**
 * What a paused run waits for, with the forms that decide it: confirm or reject, the user-input
 * fields, an external result; approvals link to their page. Only the run's user or an admin (the
 * executor role for external results) sees the forms, as only they may decide.
 */
export function waitingPanel(input: WaitingPanelInput): Markup {
  const { run } = input;
  if (!run.isPaused) return html``;
  const parentRunId = run.toDocument().parentRunId;
  if (parentRunId !== undefined) {
    return html`<p class="hint">This is a team member's run; it continues with <a href="${runPath(parentRunId)}">its team's run</a>.</p>`;
  }
  return html`${run.requirements.map((requirement) => requirementCard(input, requirement))}
  ${
    input.served && isOwner(input.identity, run)
      ? html`<form method="post" action="${runPath(run.runId)}/cancel" aria-label="Cancel the run">
      ${csrfField(input.csrf)}<button type="submit" class="danger">Cancel run</button></form>`
      : ''
  }`;
}
