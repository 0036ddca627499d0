import { CountersignError } from '../errors/countersign-error.js';
import { textMessage } from './blocks.js';
import type { SlackContext } from './slack-context.js';
import type { SlackThread } from './slack-threads.js';

/** The parts of an Events API envelope Countersign reads. */
export interface EventEnvelope {
  type?: string;
  challenge?: string;
  team_id?: string;
  event_id?: string;
  event?: {
    type?: string;
    channel_type?: string;
    subtype?: string;
    bot_id?: string;
    user?: string;
    text?: string;
    channel?: string;
    ts?: string;
    thread_ts?: string;
  };
}

/** How long an event id is remembered, so Slack's redeliveries of one event start one run. */
const EVENT_MEMORY_MS = 60 * 60_000;

/** Leading mentions (`<@U0BOT> restart billing` -> `restart billing`). */
function withoutMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Handles the Events API: the URL verification handshake, and a mention of the app or a direct
 * message starting a run of the agent as the mapped identity, in a session bound to the thread.
 * Slack gets its answer at once; the run goes on in the background, and its prompts and answer
 * reach the thread through the notifier.
 */
export class SlackEvents {
  readonly #context: SlackContext;
  /** Event id -> when it was first received (unix ms). */
  readonly #seen = new Map<string, number>();

  constructor(context: SlackContext) {
    this.#context = context;
  }

  /** Handles one verified envelope; returns the body to answer with. */
  handle(envelope: EventEnvelope): Record<string, unknown> {
    if (envelope.type === 'url_verification') return { challenge: envelope.challenge ?? '' };
    if (envelope.type !== 'event_callback' || envelope.event === undefined) return {};
    if (envelope.event_id !== undefined && this.#alreadySeen(envelope.event_id)) return {};
    const event = envelope.event;
    const mention = event.type === 'app_mention';
    const direct = event.type === 'message' && event.channel_type === 'im';
    if (!mention && !direct) return {};
    // The bot's own messages, edits and other subtypes are not requests.
    if (event.bot_id !== undefined || event.subtype !== undefined) return {};
    const { user, channel, ts } = event;
    if (user === undefined || channel === undefined || ts === undefined) return {};
    const thread: SlackThread = { channel, threadTs: event.thread_ts ?? ts };
    this.#context.queue.track(
      this.#converse(user, envelope.team_id, thread, withoutMentions(event.text ?? '')),
    );
    return {};
  }

  #alreadySeen(eventId: string): boolean {
    const now = Date.now();
    for (const [id, at] of this.#seen) {
      if (now - at <= EVENT_MEMORY_MS) break;
      this.#seen.delete(id);
    }
    if (this.#seen.has(eventId)) return true;
    this.#seen.set(eventId, now);
    return false;
  }

  async #converse(
    slackUser: string,
    teamId: string | undefined,
    thread: SlackThread,
    text: string,
  ): Promise<void> {
    const { os, identities, threads, agentId } = this.#context;
    let identity: Awaited<ReturnType<typeof identities.identityOf>>;
    try {
      identity = await identities.identityOf({ id: slackUser, teamId });
    } catch (error) {
      this.#context.fail('look the Slack user up', error);
      await this.#reply(
        thread,
        'I could not look your Slack account up just now; please try again in a moment.',
      );
      return;
    }
    if (identity === null) {
      await this.#reply(
        thread,
        'I cannot act for you: your Slack account is not linked to a Countersign identity. ' +
          "Ask an admin to add you to the Slack interface's userMap.",
      );
      return;
    }
    if (text === '') {
      await this.#reply(
        thread,
        'Tell me what you need after the mention, for example "refund $50 to ACME-123".',
      );
      return;
    }
    try {
      await os.runs.createRun(identity, 'agent', agentId, {
        message: text,
        sessionId: threads.sessionIdOf(thread),
      });
    } catch (error) {
      // A run that failed after it started is reported by its run-error event; this one never started.
      const detail =
        error instanceof CountersignError ? error.message : 'the server failed; its log has the details';
      if (!(error instanceof CountersignError)) this.#context.fail('start a run from Slack', error);
      await this.#reply(thread, `I could not start on that: ${detail}`);
    }
  }

  async #reply(thread: SlackThread, text: string): Promise<void> {
    try {
      await this.#context.client.postMessage({
        channel: thread.channel,
        thread_ts: thread.threadTs,
        ...textMessage(text),
      });
    } catch (error) {
      this.#context.fail('reply in the thread', error);
    }
  }
}
