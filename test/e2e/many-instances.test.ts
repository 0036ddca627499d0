import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../../src/db/postgres/index.js';
import type { AgentOS } from '../../src/server/agent-os.js';
import type { EventOrigin, ServerEvent } from '../../src/server/event-bus.js';
import { ensureBuilt } from '../helpers/built-package.js';
import { runCli, type ServerProcess, send, startServer } from '../helpers/cli.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';
import { call, demoServer, type SseEvent } from '../helpers/server.js';

let connectionString: string;
const schemas: string[] = [];
const servers: ServerProcess[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ensureBuilt();
  connectionString = await postgresConnectionString();
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  for (const server of servers) await server.stop('SIGKILL');
  await dropSchemas(connectionString, schemas);
});

function storeUrl(schema: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** A live `GET /events` stream: the events so far, and a wait for the ones a test expects. */
interface LiveEvents {
  events: SseEvent[];
  waitFor(condition: (events: SseEvent[]) => boolean): Promise<void>;
  close(): void;
}

/** Follows `GET /events` of a server; resolves once the server has subscribed the stream. */
async function follow(url: string): Promise<LiveEvents> {
  const controller = new AbortController();
  const response = await fetch(`${url}/events`, {
    headers: { 'x-user-id': 'carol' },
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let connected: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => {
    connected = resolve;
  });
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(': connected')) connected();
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // aborted by close()
    }
  })();
  await subscribed;
  return {
    events,
    waitFor: (condition) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!condition(events)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    close: () => controller.abort(),
  };
}

const has = (type: string, field: string, value: string) => (events: SseEvent[]) =>
  events.some((item) => item.event === type && item.data[field] === value);

describe('two serve processes on one PostgreSQL schema', () => {
  it('resumes through one instance a run paused through the other, and both inboxes update live', async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const [a, b] = await Promise.all([
      startServer(['--dev', '--port', '0', '--db', storeUrl(schema)]),
      startServer(['--dev', '--port', '0', '--db', storeUrl(schema)]),
    ]);
    servers.push(a, b);
    const liveA = await follow(a.url);
    const liveB = await follow(b.url);
    closers.push(async () => {
      liveA.close();
      liveB.close();
    });

    const created = await send(`${a.url}/agents/helpdesk/runs`, 'POST', 'alice', {
      message: 'refund $250 to ACME-123',
    });
    expect(created.body.status).toBe('paused');
    const runId = created.body.runId as string;
    const approvalId = created.body.requirements[0].approvalId as string;
    // B's inbox hears of the request made through A.
    await liveB.waitFor(has('approval-requested', 'approvalId', approvalId));

    const resolved = await send(
      `${b.url}/approvals/${approvalId}/resolve`,
      'POST',
      'bob',
      { status: 'approved' },
      'finance',
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.run).toMatchObject({ runId, status: 'completed' });

    // A's stream receives B's resolution and the completion of the run B resumed.
    await liveA.waitFor(has('run-completed', 'runId', runId));
    const seenByA = liveA.events.filter((item) => item.data.runId === runId).map((item) => item.event);
    expect(seenByA).toEqual(
      expect.arrayContaining(['run-paused', 'approval-requested', 'approval-resolved', 'run-completed']),
    );
    expect(seenByA.indexOf('approval-resolved')).toBeLessThan(seenByA.indexOf('run-completed'));
    const resolution = liveA.events.find((item) => item.event === 'approval-resolved');
    expect(resolution?.data).toMatchObject({ approvalId, status: 'approved', resolvedBy: 'bob' });
    // Each event reached A once: B did not send A's own events back.
    expect(seenByA.filter((type) => type === 'run-paused')).toHaveLength(1);
    expect(seenByA.filter((type) => type === 'run-completed')).toHaveLength(1);

    // Resolving again through A is a conflict, and the refund was executed exactly once.
    const again = await send(
      `${a.url}/approvals/${approvalId}/resolve`,
      'POST',
      'dave',
      { status: 'approved' },
      'finance',
    );
    expect(again.status).toBe(409);
    const run = await send(`${a.url}/agents/helpdesk/runs/${runId}`, 'GET', 'alice');
    expect(run.body).toMatchObject({ status: 'completed' });
    expect(run.body.toolCalls).toEqual([
      expect.objectContaining({ toolName: 'issue_refund', outcome: 'executed' }),
    ]);
    const audit = await send(`${a.url}/audit?runId=${runId}`, 'GET', 'admin');
    const executions = audit.body.items.filter(
      (entry: { action: string }) => entry.action === 'tool-executed',
    );
    expect(executions).toHaveLength(1);
  });
});

describe('a resolution from the CLI on the same PostgreSQL schema', () => {
  it("reaches a server's live events", async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const server = await startServer(['--dev', '--port', '0', '--db', storeUrl(schema)]);
    servers.push(server);
    const live = await follow(server.url);
    closers.push(async () => live.close());
    const created = await send(`${server.url}/agents/helpdesk/runs`, 'POST', 'alice', {
      message: 'refund $300 to UMBRELLA-2',
    });
    const approvalId = created.body.requirements[0].approvalId as string;

    const cli = await runCli([
      'approvals',
      'approve',
      approvalId,
      '--as',
      'bob',
      '--roles',
      'finance',
      '--db',
      storeUrl(schema),
    ]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('completed');
    await live.waitFor(has('run-completed', 'runId', created.body.runId));
    expect(live.events.find((item) => item.event === 'approval-resolved')?.data).toMatchObject({
      approvalId,
      resolvedBy: 'bob',
    });
  });
});

describe('two AgentOS instances in one process on two PostgresDb objects sharing a schema', () => {
  async function instance(schema: string) {
    const db = new PostgresDb({ connectionString, schema, maxConnections: 4 });
    const { os } = await demoServer({ db });
    await os.ready();
    const seen: { event: ServerEvent; origin: EventOrigin }[] = [];
    os.events.subscribe((event, _id, origin) => seen.push({ event, origin }));
    closers.push(async () => {
      await os.close();
      await db.close();
    });
    return { os, db, seen };
  }

  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async function pausedRefund(os: AgentOS) {
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $480 to INITECH-9' },
    });
    expect(created.body.status).toBe('paused');
    return {
      runId: created.body.runId as string,
      approvalId: created.body.requirements[0].approvalId as string,
    };
  }

  it("delivers each instance's events to the other as remote events, once", async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const a = await instance(schema);
    const b = await instance(schema);
    const { runId, approvalId } = await pausedRefund(a.os);

    const resolved = await call(b.os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    expect(resolved.body.run).toMatchObject({ status: 'completed' });
    await until(() => a.seen.some((item) => item.event.type === 'run-completed'));
    await until(() => b.seen.some((item) => item.event.type === 'run-paused'));

    const typesAt = (seen: typeof a.seen, origin: EventOrigin) =>
      seen
        .filter((item) => item.origin === origin && item.event.runId === runId)
        .map((item) => item.event.type);
    // What B did reached A as remote, in B's order; what A did reached B.
    expect(typesAt(a.seen, 'remote')).toEqual(typesAt(b.seen, 'local'));
    expect(typesAt(b.seen, 'remote')).toEqual(typesAt(a.seen, 'local'));
    expect(typesAt(a.seen, 'local')).toContain('run-paused');
    expect(typesAt(a.seen, 'remote')).toEqual(
      expect.arrayContaining(['approval-resolved', 'run-continued', 'tool-call-completed', 'run-completed']),
    );
    // Nothing came back to where it happened.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.seen.filter((item) => item.event.type === 'run-paused')).toHaveLength(1);
    expect(b.seen.filter((item) => item.event.type === 'run-completed')).toHaveLength(1);
  });

  it('lets exactly one of two instances resolve and resume a run when both try at once', async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const a = await instance(schema);
    const b = await instance(schema);
    const { runId, approvalId } = await pausedRefund(a.os);
    const attempts = await Promise.all(
      [a.os, b.os].map((os, index) =>
        call(os, 'POST', `/approvals/${approvalId}/resolve`, {
          user: index === 0 ? 'bob' : 'erin',
          roles: ['finance'],
          body: { status: 'approved' },
        }),
      ),
    );
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([200, 409]);
    const executions = await a.db.listToolExecutions(runId);
    expect(executions.filter((execution) => execution.toolName === 'issue_refund')).toHaveLength(1);
    expect((await b.db.getRun(runId))?.document.status).toBe('completed');
  });
});
