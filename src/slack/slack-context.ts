import type { AgentOS } from '../server/agent-os.js';
import type { Logger } from '../server/logger.js';
import type { SlackIdentityMap } from './identity-map.js';
import type { SlackClient } from './slack-client.js';
import type { SlackThreads } from './slack-threads.js';
import type { TaskQueue } from './task-queue.js';

/** A Slack call that failed for good (after its retries); the approval it concerned is unaffected. */
export interface SlackFailure {
  /** What was being done: `post the approval request`, `update the approval message`, ... */
  action: string;
  message: string;
  runId?: string | undefined;
  approvalId?: string | undefined;
  /** Unix milliseconds. */
  at: number;
}

/** What the parts of the Slack interface share: the AgentOS, the Slack client, the identity map, the queue. */
export interface SlackContext {
  os: AgentOS;
  client: SlackClient;
  identities: SlackIdentityMap;
  threads: SlackThreads;
  queue: TaskQueue;
  logger: Logger;
  /** The agent users talk to. */
  agentId: string;
  /** Approver role -> channel id (`*`: every other role, and records without a role). */
  approverChannels: Readonly<Record<string, string>>;
  /** Logs a failed Slack call and keeps it in `SlackInterface.failures`. */
  fail(action: string, error: unknown, ids?: { runId?: string; approvalId?: string }): void;
}

/** The channel an approval request for a role goes to, or `null` when none is configured. */
export function approverChannelFor(context: SlackContext, role: string | null): string | null {
  return (
    (role === null ? undefined : context.approverChannels[role]) ?? context.approverChannels['*'] ?? null
  );
}
