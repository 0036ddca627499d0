import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { Store } from '../../src/db/store.js';
import { AgentOS, type AgentOSOptions } from '../../src/server/agent-os.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import type { Logger } from '../../src/server/logger.js';

/** A logger that keeps every line, for assertions on what the server logged. */
export function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

/** What a test request sends: a JSON body and the dev-mode user, or any headers. */
export interface TestRequest {
  body?: unknown;
  /** Dev-mode user (`X-User-Id`). */
  user?: string;
  /** Dev-mode roles (`X-User-Roles`). */
  roles?: string[];
  headers?: Record<string, string>;
}

/** A response with its JSON body parsed (or the raw text when it is not JSON). */
export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields.
  body: any;
  text: string;
}

/** Calls an AgentOS in-process through `app.request()`. */
export async function call(
  os: AgentOS,
  method: string,
  path: string,
  request: TestRequest = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.user !== undefined) headers['x-user-id'] = request.user;
  if (request.roles !== undefined) headers['x-user-roles'] = request.roles.join(',');
  if (request.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await os.app.request(path, {
    method,
    headers,
    ...(request.body === undefined
      ? {}
      : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A dev-mode AgentOS over the demo helpdesk agent (offline model) on a private SQLite database. */
export async function demoServer(
  options: Partial<AgentOSOptions> & { db?: Store } = {},
): Promise<{ os: AgentOS; db: Store; logger: ReturnType<typeof collectingLogger> }> {
  const db = options.db ?? new SqliteDb({ dbFile: ':memory:' });
  await db.migrate();
  const logger = collectingLogger();
  const os = new AgentOS({
    dev: true,
    logger,
    ...options,
    agents: options.agents ?? [createDemoAgent({ db })],
    db,
  });
  return { os, db, logger };
}

/** One server-sent event as a client sees it. */
export interface SseEvent {
  event: string;
  id?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary event fields.
  data: any;
}

function parseSseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return undefined;
  return { event, ...(id === undefined ? {} : { id }), data: JSON.parse(data.join('\n')) };
}

/**
 * Reads server-sent events from a response until `until` says stop (then cancels the stream) or
 * the stream ends.
 */
export async function readSse(
  response: Response,
  until: (events: SseEvent[]) => boolean = () => false,
): Promise<SseEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const parsed = parseSseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed) events.push(parsed);
      end = buffer.indexOf('\n\n');
    }
    if (until(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}
