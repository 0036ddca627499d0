/**
 * `countersign/slack`: the Slack interface of an AgentOS. Users talk to an agent in Slack; paused
 * calls become Block Kit prompts whose buttons decide the same approval records as the web UI and
 * the HTTP API.
 */
export type { SlackMessageRecord } from '../db/store.js';
export { SlackApiError } from '../errors/slack-api-error.js';
export {
  ACTION_APPROVE,
  ACTION_INPUT,
  ACTION_REJECT,
  approvalDecidedMessage,
  approvalRequestMessage,
  confirmationMessage,
  decodeRef,
  encodeRef,
  escapeText,
  type PromptRef,
  type SlackMessage,
  userInputMessage,
} from './blocks.js';
export {
  type SlackIdentityEntry,
  SlackIdentityMap,
  type SlackIdentityMapOptions,
  type SlackUser,
  type SlackUserMap,
} from './identity-map.js';
export { readUserInput, rejectReasonView, userInputView, VIEW_REJECT, VIEW_USER_INPUT } from './modals.js';
export {
  ReplayGuard,
  SIGNATURE_MAX_AGE_SECONDS,
  type SignedRequest,
  signSlackRequest,
  verifySlackSignature,
} from './signature.js';
export {
  SLACK_API_BASE_URL,
  SlackClient,
  type SlackClientOptions,
  type SlackResponse,
  type SlackRetryOptions,
  type SlackUserInfo,
} from './slack-client.js';
export type { SlackFailure } from './slack-context.js';
export { SlackInterface, SlackInterface as Slack, type SlackInterfaceOptions } from './slack-interface.js';
