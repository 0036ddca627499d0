import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the fake received. */
export interface RecordedCall {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Slack arguments.
  body: any;
  /** Unix milliseconds. */
  at: number;
  /** The HTTP status the fake answered with. */
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON the fake answered with.
  response: any;
}

/** A scripted failure of the next call(s) of a method. */
export interface ScriptedFailure {
  status: number;
  retryAfter?: number;
  /** `ok: false` with this error code (HTTP 200 unless `status` says otherwise). */
  error?: string;
}

/** A Slack user of the fake workspace (for users.info and users.lookupByEmail). */
export interface FakeUser {
  id: string;
  email?: string;
  isBot?: boolean;
}

/**
 * A local fake of the Slack Web API on a random port: it answers chat.postMessage, chat.update,
 * chat.postEphemeral, views.open, users.info and users.lookupByEmail the way Slack does, records
 * every call, and can be told to answer the next calls of a method with 429 or 500.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly #server: Server;
  readonly #failures = new Map<string, ScriptedFailure[]>();
  readonly #users = new Map<string, FakeUser>();
  #ts = 1_790_000_000_000_100;
  url = '';

  constructor(users: FakeUser[] = []) {
    for (const user of users) this.#users.set(user.id, user);
    this.#server = createServer((request, response) => {
      void this.#handle(request, response);
    });
  }

  /** Starts listening on 127.0.0.1 with a free port; `url` is the API base URL. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The next calls of `method` answer with these failures, one per call, before it works again. */
  failNext(method: string, ...failures: ScriptedFailure[]): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), ...failures]);
  }

  /** The recorded calls of one method. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const contentType = request.headers['content-type'];
    const body = contentType?.startsWith('application/json')
      ? JSON.parse(text)
      : Object.fromEntries(new URLSearchParams(text));
    const call: RecordedCall = {
      method,
      authorization: request.headers.authorization,
      contentType,
      body,
      at: Date.now(),
      status: 200,
      response: undefined,
    };
    this.calls.push(call);
    const failure = this.#failures.get(method)?.shift();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (failure !== undefined) {
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      call.status = failure.status;
      call.response = {
        ok: false,
        error: failure.error ?? (failure.status === 429 ? 'ratelimited' : 'internal_error'),
      };
    } else {
      call.response = this.#answer(method, body);
    }
    response.writeHead(call.status, headers);
    response.end(JSON.stringify(call.response));
  }

  // biome-ignore lint/suspicious/noExplicitAny: Slack arguments are loose JSON.
  #answer(method: string, body: any): Record<string, unknown> {
    switch (method) {
      case 'chat.postMessage': {
        const ts = this.#nextTs();
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: { ts, text: body.text, thread_ts: body.thread_ts },
        };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.#nextTs() };
      case 'views.open':
        return { ok: true, view: { id: `V${this.calls.length}` } };
      case 'users.info': {
        const user = this.#users.get(body.user);
        if (user === undefined) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            is_bot: user.isBot === true,
            profile: user.email ? { email: user.email } : {},
          },
        };
      }
      case 'users.lookupByEmail': {
        const user = [...this.#users.values()].find((candidate) => candidate.email === body.email);
        return user === undefined
          ? { ok: false, error: 'users_not_found' }
          : { ok: true, user: { id: user.id } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  #nextTs(): string {
    this.#ts += 100;
    const text = String(this.#ts);
    return `${text.slice(0, 10)}.${text.slice(10)}`;
  }
}
