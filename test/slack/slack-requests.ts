import type { AgentOS } from '../../src/server/agent-os.js';
import { signSlackRequest } from '../../src/slack/signature.js';

export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';

/** How a test request is signed: correctly (default), with another secret, or at another time. */
export interface SigningOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Replace the signature header entirely (`null`: no signature headers at all). */
  signature?: string | null;
}

/** The headers of a signed Slack request. */
export function signedHeaders(
  body: string,
  contentType: string,
  options: SigningOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (options.signature === null) return headers;
  headers['x-slack-request-timestamp'] = String(timestamp);
  headers['x-slack-signature'] =
    options.signature ?? signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, body);
  return headers;
}

/** Sends a signed Events API envelope to the app, as Slack would. */
export async function sendEvent(os: AgentOS, envelope: unknown, options: SigningOptions = {}) {
  const body = JSON.stringify(envelope);
  return os.app.request('/slack/events', {
    method: 'POST',
    headers: signedHeaders(body, 'application/json', options),
    body,
  });
}

/** Sends a signed interaction payload (form-encoded `payload=`), as Slack would. */
export async function sendInteraction(os: AgentOS, payload: unknown, options: SigningOptions = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return os.app.request('/slack/interactions', {
    method: 'POST',
    headers: signedHeaders(body, 'application/x-www-form-urlencoded', options),
    body,
  });
}

let eventCounter = 0;

/** An `app_mention` event envelope from a user in a channel. */
export function mention(
  user: string,
  text: string,
  channel = 'C0HELPDESK',
  ts = `1790000${++eventCounter}.000100`,
) {
  return {
    type: 'event_callback',
    team_id: 'T0ACME',
    event_id: `Ev${Date.now()}${++eventCounter}`,
    event: { type: 'app_mention', user, text: `<@U0BOT> ${text}`, channel, ts },
  };
}

/** A button click (`block_actions`) on a message, as Slack sends it. */
export function click(
  user: string,
  // biome-ignore lint/suspicious/noExplicitAny: a Block Kit message as the fake recorded it.
  message: { channel: string; ts: string; blocks: any[] },
  actionId: string,
) {
  const action = message.blocks
    .flatMap((block) => (block.type === 'actions' ? block.elements : []))
    .find((element: { action_id: string }) => element.action_id === actionId);
  if (action === undefined) throw new Error(`The message has no ${actionId} button.`);
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0ACME' },
    team: { id: 'T0ACME' },
    trigger_id: `trigger-${user}-${Date.now()}`,
    channel: { id: message.channel },
    container: { type: 'message', channel_id: message.channel, message_ts: message.ts },
    message: { ts: message.ts },
    actions: [{ action_id: actionId, block_id: 'countersign_decision', value: action.value, type: 'button' }],
  };
}

/** A modal submission (`view_submission`) of a view the app opened, with the given input values. */
export function submit(
  user: string,
  // biome-ignore lint/suspicious/noExplicitAny: the view as views.open received it.
  view: any,
  values: Record<string, { value?: string; selected_option?: { value: string } }>,
) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [blockId, value] of Object.entries(values))
    state[blockId] = { value: { type: 'plain_text_input', ...value } };
  return {
    type: 'view_submission',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0ACME' },
    team: { id: 'T0ACME' },
    view: {
      id: 'V1',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: state },
    },
  };
}
