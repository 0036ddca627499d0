import { ConfigurationError } from '../errors/configuration-error.js';
import type { AgentOS } from '../server/agent-os.js';
import type { Logger } from '../server/logger.js';
import { SlackIdentityMap, type SlackUserMap } from './identity-map.js';
import { mountSlackRoutes } from './routes.js';
import { ReplayGuard } from './signature.js';
import { type InteractionPayload, SlackActions } from './slack-actions.js';
import { SlackClient, type SlackRetryOptions } from './slack-client.js';
import type { SlackContext, SlackFailure } from './slack-context.js';
import { type EventEnvelope, SlackEvents } from './slack-events.js';
import { SlackNotifier } from './slack-notifier.js';
import { SlackThreads } from './slack-threads.js';
import { TaskQueue } from './task-queue.js';

/** Options of {@link SlackInterface}. */
export interface SlackInterfaceOptions {
  /** The AgentOS to mount on at once; or pass the interface in `new AgentOS({ interfaces: [slack] })`. */
  os?: AgentOS;
  /** The bot token (`xoxb-...`) of the Slack app. */
  botToken: string;
  /** The app's signing secret: every request to the Slack routes must be signed with it. */
  signingSecret: string;
  /** The agent users talk to through mentions and direct messages. */
  agentId: string;
  /** Approver role -> Slack channel id where its approval requests go; `*` for every other role. */
  approverChannels?: Readonly<Record<string, string>>;
  /** Slack users -> Countersign identities (by Slack user id or profile email), or a function. */
  userMap?: SlackUserMap;
  /** Look users' profile emails up: a user found nowhere else acts as their email, with no roles. */
  resolveByEmail?: boolean;
  /** The Web API base URL (default `https://slack.com/api`); tests point it at a local fake. */
  apiBaseUrl?: string;
  /** Retries of Web API calls (rate limits and transient failures). */
  retry?: SlackRetryOptions;
  /**
   * How often pending approval requests without a Slack message are posted (a post that failed,
   * a run paused by another process), in milliseconds; default 60,000, 0 turns it off.
   */
  syncIntervalMs?: number;
  /** Where the routes go (default `/slack`: `/slack/events`, `/slack/interactions`). */
  basePath?: string;
  /** Where log lines go (default: the AgentOS logger). */
  logger?: Logger;
}

const MAX_FAILURES_KEPT = 100;

/** What mounting made: the AgentOS, the notifier, and how to stop listening. */
interface Mounted {
  os: AgentOS;
  notifier: SlackNotifier;
  unsubscribe: () => void;
}

function requireText(value: unknown, name: string, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(`SlackInterface needs ${name}: ${hint}`);
  }
  return value;
}

/**
 * Countersign in Slack: users talk to an agent by mentioning the app or writing to it directly,
 * and every pause becomes a Block Kit prompt (the confirmation to the user in the thread, the
 * approval request to the approver role's channel) whose buttons decide the same approval records
 * as the web UI and the HTTP API, through the same compare-and-set and authority rules. Any later
 * decision updates the message, and the run's answer is posted in the thread. Slack requests are
 * verified (signature, age, replay) before anything is parsed; Slack API calls are retried, and a
 * failed notification never blocks or loses an approval.
 *
 * @example
 * const slack = new SlackInterface({
 *   botToken: process.env.SLACK_BOT_TOKEN!, signingSecret: process.env.SLACK_SIGNING_SECRET!,
 *   agentId: 'helpdesk', approverChannels: { finance: 'C0FINANCE' },
 *   userMap: { U0ALICE: { userId: 'alice' }, U0BOB: { userId: 'bob', roles: ['finance'] } },
 * });
 * const os = new AgentOS({ agents: [helpdesk], db, auth, interfaces: [slack] });
 * await os.serve({ port: 7777 }); // Slack calls POST /slack/events and /slack/interactions
 */
export class SlackInterface {
  /** The Web API client (retries included). */
  readonly client: SlackClient;
  /** Slack users -> Countersign identities. */
  readonly identities: SlackIdentityMap;
  readonly basePath: string;
  readonly #options: SlackInterfaceOptions;
  readonly #threads: SlackThreads;
  readonly #replays = new ReplayGuard();
  readonly #failures: SlackFailure[] = [];
  readonly #queue: TaskQueue;
  #mounted: Mounted | undefined;
  #logger: Logger | undefined;
  #sync: ReturnType<typeof setInterval> | undefined;

  constructor(options: SlackInterfaceOptions) {
    requireText(options.botToken, 'botToken', "the app's bot token (xoxb-...), from OAuth & Permissions.");
    const secret = requireText(
      options.signingSecret,
      'signingSecret',
      "the app's signing secret, from Basic Information.",
    );
    requireText(options.agentId, 'agentId', 'the id of the agent users talk to in Slack.');
    this.#options = options;
    this.basePath = (options.basePath ?? '/slack').replace(/\/+$/, '');
    this.#logger = options.logger;
    this.client = new SlackClient({
      token: options.botToken,
      ...(options.apiBaseUrl === undefined ? {} : { baseUrl: options.apiBaseUrl }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    });
    this.identities = new SlackIdentityMap({
      userMap: options.userMap,
      resolveByEmail: options.resolveByEmail,
      client: this.client,
    });
    this.#threads = new SlackThreads(secret);
    this.#queue = new TaskQueue((error, key) => this.#record('finish Slack work', error, { runId: key }));
    if (options.os !== undefined) this.mount(options.os);
  }

  /**
   * Adds the Slack routes to the AgentOS app and subscribes to its events. Call it before the app
   * serves its first request (Hono builds its router then); `AgentOS({ interfaces })` does.
   */
  mount(os: AgentOS): void {
    if (this.#mounted !== undefined) {
      if (this.#mounted.os === os) return;
      throw new ConfigurationError(
        'This SlackInterface is mounted on another AgentOS already; create one per AgentOS.',
      );
    }
    try {
      os.registry.get('agent', this.#options.agentId);
    } catch (error) {
      throw new ConfigurationError(
        `SlackInterface agentId '${this.#options.agentId}' is not an agent of this AgentOS; ` +
          `served agents: ${
            os.registry
              .list('agent')
              .map((agent) => agent.id)
              .join(', ') || 'none'
          }.`,
        { cause: error },
      );
    }
    this.#logger ??= os.logger;
    const context: SlackContext = {
      os,
      client: this.client,
      identities: this.identities,
      threads: this.#threads,
      queue: this.#queue,
      logger: this.#logger,
      agentId: this.#options.agentId,
      approverChannels: { ...this.#options.approverChannels },
      fail: (action, error, ids) => this.#record(action, error, ids),
    };
    const notifier = new SlackNotifier(context);
    const actions = new SlackActions(context, notifier);
    const events = new SlackEvents(context);
    mountSlackRoutes(os.app, this.basePath, {
      signingSecret: this.#options.signingSecret,
      replays: this.#replays,
      onEvent: (envelope) => events.handle(envelope as EventEnvelope),
      onInteraction: (payload) => actions.handle(payload as InteractionPayload),
    });
    const unsubscribe = os.events.subscribe(
      (event, _id, origin) => {
        // Another instance on the same store posts about its own runs; posting here too would double it.
        if (origin === 'remote') return;
        // The bus drops a listener that throws; Slack must keep listening whatever one event does.
        try {
          notifier.handle(event);
        } catch (error) {
          this.#record(`handle the ${event.type} event`, error, { runId: event.runId });
        }
      },
      () => this.#stopSync(),
    );
    this.#mounted = { os, notifier, unsubscribe };
    const interval = this.#options.syncIntervalMs ?? 60_000;
    if (interval > 0) {
      this.#sync = setInterval(() => {
        this.syncPending().catch((error: unknown) =>
          this.#record('post the pending approval requests', error),
        );
      }, interval);
      this.#sync.unref();
    }
  }

  /**
   * Posts the approval requests that have no Slack message yet (pending `required` records whose
   * role has a channel) and waits until they are out. Runs every `syncIntervalMs` on its own.
   * Returns how many records it looked at.
   */
  async syncPending(): Promise<number> {
    const mounted = this.#requireMounted();
    const count = await mounted.notifier.syncPending();
    await this.idle();
    return count;
  }

  /** Resolves once all background Slack work (posts, updates, resumed runs) has finished. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** The Slack calls that failed for good, newest last (the last 100): visible, never thrown at a run. */
  get failures(): readonly SlackFailure[] {
    return this.#failures;
  }

  /** The session id of runs started in a Slack thread (for runs started elsewhere that should answer there). */
  sessionIdOf(channel: string, threadTs: string): string {
    return this.#threads.sessionIdOf({ channel, threadTs });
  }

  /** Stops listening and the sync, and waits for the background work in progress. */
  async close(): Promise<void> {
    this.#stopSync();
    this.#mounted?.unsubscribe();
    await this.idle();
  }

  #stopSync(): void {
    if (this.#sync !== undefined) clearInterval(this.#sync);
    this.#sync = undefined;
  }

  #requireMounted(): Mounted {
    if (this.#mounted === undefined) {
      throw new ConfigurationError(
        'Mount the SlackInterface first: slack.mount(os), or new AgentOS({ interfaces: [slack] }).',
      );
    }
    return this.#mounted;
  }

  #record(action: string, error: unknown, ids: { runId?: string; approvalId?: string } = {}): void {
    const message = error instanceof Error ? error.message : String(error);
    const where = [ids.approvalId && `approval ${ids.approvalId}`, ids.runId && `run ${ids.runId}`]
      .filter(Boolean)
      .join(', ');
    (this.#logger ?? console).error(`slack: could not ${action}${where ? ` (${where})` : ''}: ${message}`);
    this.#failures.push({ action, message, ...ids, at: Date.now() });
    if (this.#failures.length > MAX_FAILURES_KEPT)
      this.#failures.splice(0, this.#failures.length - MAX_FAILURES_KEPT);
  }
}
