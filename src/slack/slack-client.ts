import { SlackApiError } from '../errors/slack-api-error.js';

/** Slack's Web API. */
export const SLACK_API_BASE_URL = 'https://slack.com/api';

/** `ok: false` codes that mean "try again later" rather than "this call is wrong". */
const TRANSIENT_CODES = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** How the client retries rate-limited and failed calls. */
export interface SlackRetryOptions {
  /** Tries per call, the first included (default 5). */
  maxAttempts?: number;
  /** The first backoff after a transient failure, doubled per try with jitter (default 500 ms). */
  baseDelayMs?: number;
  /** The longest backoff between tries (default 30,000 ms); a 429's `Retry-After` is always waited in full. */
  maxDelayMs?: number;
  /** How the client waits (default `setTimeout`); tests pass one that records the delays. */
  sleep?: (milliseconds: number) => Promise<void>;
}

/** Options of {@link SlackClient}. */
export interface SlackClientOptions {
  /** The bot token (`xoxb-...`), sent as `Authorization: Bearer`. */
  token: string;
  /** Default `https://slack.com/api`; tests point it at a local fake. */
  baseUrl?: string;
  retry?: SlackRetryOptions;
  /** Per-request timeout in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Default the global `fetch`. */
  fetch?: typeof fetch;
}

/** Every Web API answer: `ok`, and on failure `error`. */
export interface SlackResponse {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

/** A Slack user as `users.info` and `users.lookupByEmail` return it (the fields Countersign reads). */
export interface SlackUserInfo {
  id: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  team_id?: string;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

function wait(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * A small fetch-based client of the Slack Web API methods Countersign uses (`chat.postMessage`,
 * `chat.update`, `chat.postEphemeral`, `views.open`, `users.info`, `users.lookupByEmail`). A 429 is
 * retried after its `Retry-After`; network errors, 5xx answers and transient `ok: false` codes are
 * retried with exponential backoff and jitter; anything else fails at once with a `SlackApiError`.
 *
 * @example
 * const slack = new SlackClient({ token: process.env.SLACK_BOT_TOKEN! });
 * const { ts } = await slack.postMessage({ channel: 'C0123', text: 'Hello' });
 */
export class SlackClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (milliseconds: number) => Promise<void>;

  constructor(options: SlackClientOptions) {
    this.#token = options.token;
    this.baseUrl = (options.baseUrl ?? SLACK_API_BASE_URL).replace(/\/+$/, '');
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 5);
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 500;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.#sleep = options.retry?.sleep ?? wait;
  }

  /** Posts a message; returns its channel and `ts` (the id `chat.update` takes). */
  async postMessage(message: {
    channel: string;
    text: string;
    blocks?: unknown[];
    thread_ts?: string;
  }): Promise<{ channel: string; ts: string }> {
    const response = await this.call('chat.postMessage', { ...message, unfurl_links: false });
    return { channel: String(response.channel ?? message.channel), ts: String(response.ts) };
  }

  /** Replaces a message's text and blocks. */
  async update(message: { channel: string; ts: string; text: string; blocks?: unknown[] }): Promise<void> {
    await this.call('chat.update', message);
  }

  /** Shows a message only one user of a channel sees. */
  async postEphemeral(message: {
    channel: string;
    user: string;
    text: string;
    thread_ts?: string;
  }): Promise<void> {
    await this.call('chat.postEphemeral', message);
  }

  /** Opens a modal for the user whose interaction carried `triggerId` (valid for three seconds). */
  async openView(triggerId: string, view: Record<string, unknown>): Promise<void> {
    await this.call('views.open', { trigger_id: triggerId, view });
  }

  /** A user's profile (the email needs the `users:read.email` scope). */
  async userInfo(userId: string): Promise<SlackUserInfo> {
    const response = await this.call('users.info', { user: userId }, 'form');
    return response.user as SlackUserInfo;
  }

  /** The Slack user with this email, or `null` when there is none. */
  async lookupByEmail(email: string): Promise<SlackUserInfo | null> {
    try {
      const response = await this.call('users.lookupByEmail', { email }, 'form');
      return response.user as SlackUserInfo;
    } catch (error) {
      if (error instanceof SlackApiError && error.code === 'users_not_found') return null;
      throw error;
    }
  }

  /**
   * Calls a Web API method with retries. Write methods take JSON; read methods (`users.*`) take
   * form fields, as Slack requires.
   *
   * @throws SlackApiError once the call failed for good.
   */
  async call(
    method: string,
    body: Record<string, unknown>,
    encoding: 'json' | 'form' = 'json',
  ): Promise<SlackResponse> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const outcome = await this.#attempt(method, body, encoding);
      if ('response' in outcome) return outcome.response;
      const { failure } = outcome;
      if (!failure.retry || attempt >= this.#maxAttempts) {
        throw new SlackApiError(
          method,
          failure.code,
          `Slack ${method} failed: ${failure.detail}${attempt > 1 ? ` (after ${attempt} tries)` : ''}.${failure.hint ?? ''}`,
          attempt,
          { cause: failure.cause },
        );
      }
      await this.#sleep(failure.retryAfterMs ?? this.#backoff(attempt));
    }
  }

  /** Exponential backoff with full jitter in its upper half: base * 2^(attempt-1), capped. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async #attempt(
    method: string,
    body: Record<string, unknown>,
    encoding: 'json' | 'form',
  ): Promise<
    | { response: SlackResponse }
    | {
        failure: {
          code: string;
          detail: string;
          retry: boolean;
          retryAfterMs?: number;
          hint?: string;
          cause?: unknown;
        };
      }
  > {
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}/${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#token}`,
          'content-type':
            encoding === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
        },
        body:
          encoding === 'json'
            ? JSON.stringify(body)
            : new URLSearchParams(
                Object.entries(body).map(([key, value]) => [key, String(value)]),
              ).toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        failure: {
          code: 'network_error',
          detail: `could not reach Slack (${detail})`,
          retry: true,
          cause: error,
        },
      };
    }
    if (response.status === 429) {
      await response.body?.cancel();
      const seconds = Number(response.headers.get('retry-after'));
      // Slack's Retry-After is honoured in full: retrying earlier only earns another 429.
      const retryAfterMs = (Number.isFinite(seconds) && seconds >= 0 ? seconds : 1) * 1000;
      return {
        failure: { code: 'ratelimited', detail: 'rate limited (HTTP 429)', retry: true, retryAfterMs },
      };
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      return { failure: { code: `http_${response.status}`, detail: `HTTP ${response.status}`, retry: true } };
    }
    let parsed: SlackResponse;
    try {
      parsed = (await response.json()) as SlackResponse;
    } catch (error) {
      return {
        failure: {
          code: `http_${response.status}`,
          detail: `HTTP ${response.status} without a JSON body`,
          retry: false,
          cause: error,
        },
      };
    }
    if (parsed.ok === true) return { response: parsed };
    const code = typeof parsed.error === 'string' ? parsed.error : `http_${response.status}`;
    return { failure: { code, detail: code, retry: TRANSIENT_CODES.has(code), hint: hintFor(code) } };
  }
}

/** What to do about the errors a misconfigured app gets. */
function hintFor(code: string): string | undefined {
  switch (code) {
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
      return ' Check the bot token (xoxb-...) given as botToken.';
    case 'channel_not_found':
    case 'not_in_channel':
      return ' Invite the bot to the channel, and check the channel id in approverChannels.';
    case 'missing_scope':
      return ' Add the scope to the Slack app (docs/slack.md lists them) and reinstall it.';
    default:
      return undefined;
  }
}
