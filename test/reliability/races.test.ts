import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../../src/agent/agent.js';
import { approval } from '../../src/approvals/approval.js';
import { PostgresDb } from '../../src/db/postgres/index.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { Store } from '../../src/db/store.js';
import { AgentOS } from '../../src/server/agent-os.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';
import { collectingLogger } from '../helpers/server.js';

const SECRET = 'a-reliability-race-secret-of-32-chars+';
const RESOLVERS = 50;
const CONTINUERS = 20;
const ROUNDS = 3;

let directory: string;
let connectionString: string;
const schemas: string[] = [];

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-races-'));
  connectionString = await postgresConnectionString();
});
afterAll(async () => {
  fs.rmSync(directory, { recursive: true, force: true });
  await dropSchemas(connectionString, schemas);
});

function token(sub: string, roles: string[]): Promise<string> {
  return new SignJWT({ sub, roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

const stores: [string, () => Store][] = [
  [
    'a SQLite file',
    () => new SqliteDb({ dbFile: path.join(directory, `races-${Date.now()}-${Math.random()}.db`) }),
  ],
  [
    'PostgreSQL',
    () => {
      const schema = randomSchemaName('races');
      schemas.push(schema);
      return new PostgresDb({ connectionString, schema });
    },
  ],
];

/**
 * A server with JWT auth over one agent with two gated tools whose executions are counted: a
 * refund that needs a finance approver, and a restart the run's user confirms.
 */
async function raceServer(db: Store) {
  await db.migrate();
  const executions = { refund: 0, restart: 0 };
  const refund = approval(
    { approverRole: 'finance' },
    tool({
      name: 'issue_refund',
      inputSchema: z.object({ amount: z.number() }),
      execute: ({ amount }) => {
        executions.refund += 1;
        return `refunded ${amount}`;
      },
    }),
  );
  const restart = tool({
    name: 'restart_service',
    inputSchema: z.object({ serviceName: z.string() }),
    requiresConfirmation: true,
    execute: ({ serviceName }) => {
      executions.restart += 1;
      return `restarted ${serviceName}`;
    },
  });
  const model = new ScriptedModel((context) => {
    if (context.step > 0)
      return { text: `Done: ${context.lastToolResults.map((result) => result.text).join()}` };
    const text = JSON.stringify(context.prompt.at(-1)?.content ?? '');
    return text.includes('refund')
      ? { toolCalls: [{ toolName: 'issue_refund', args: { amount: 900 } }] }
      : { toolCalls: [{ toolName: 'restart_service', args: { serviceName: 'billing' } }] };
  });
  const agent = new Agent({ id: 'ops', model, tools: [refund, restart], db });
  const server = new AgentOS({
    agents: [agent],
    db,
    auth: { jwt: { secret: SECRET } },
    logger: collectingLogger(),
    ui: false,
    expirySweepMs: 0,
  });
  const { url } = await server.serve({ port: 0, host: '127.0.0.1' });
  const send = async (method: string, route: string, bearer: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields.
    return { status: response.status, body: (await response.json()) as any };
  };
  return { server, executions, send };
}

describe.each(stores)('concurrent decisions over HTTP on %s', (_name, makeStore) => {
  it(`lets one of ${RESOLVERS} concurrent resolvers win, ${ROUNDS} rounds, and the refund is issued once each`, async () => {
    const db = makeStore();
    const { server, executions, send } = await raceServer(db);
    try {
      const alice = await token('alice', []);
      const approvers = await Promise.all(
        Array.from({ length: RESOLVERS }, (_, index) => token(`approver-${index}`, ['finance'])),
      );
      for (let round = 1; round <= ROUNDS; round += 1) {
        const created = await send('POST', '/agents/ops/runs', alice, { message: 'refund $900' });
        expect(created.body.status).toBe('paused');
        const runId = created.body.runId as string;
        const approvalId = created.body.requirements[0].approvalId as string;
        const responses = await Promise.all(
          approvers.map((bearer) =>
            send('POST', `/approvals/${approvalId}/resolve`, bearer, { status: 'approved' }),
          ),
        );
        const statuses = responses.map((response) => response.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        expect(statuses.filter((status) => status === 409)).toHaveLength(RESOLVERS - 1);
        const winner = responses.find((response) => response.status === 200);
        expect(winner?.body.run).toMatchObject({ runId, status: 'completed' });
        // The real side effect: the tool body ran once per round, and the log says so once.
        expect(executions.refund).toBe(round);
        const entries = (await db.listAudit({ runId })).items;
        expect(entries.filter((entry) => entry.action === 'tool-executed')).toHaveLength(1);
        expect(entries.filter((entry) => entry.action === 'approval-approved')).toEqual([
          expect.objectContaining({ actor: winner?.body.approval.resolvedBy }),
        ]);
        expect((await db.getApproval(approvalId))?.resolvedBy).toBe(winner?.body.approval.resolvedBy);
      }
      expect((await db.verifyAuditLog()).ok).toBe(true);
    } finally {
      await server.close();
      await db.close();
    }
  }, 90_000);

  it(`lets one of ${RESOLVERS} concurrent resolutions through the service layer (Slack, web UI) win, and the refund is issued once`, async () => {
    const db = makeStore();
    const { server, executions, send } = await raceServer(db);
    try {
      const created = await send('POST', '/agents/ops/runs', await token('alice', []), {
        message: 'refund $900',
      });
      const approvalId = created.body.requirements[0].approvalId as string;
      const results = await Promise.allSettled(
        Array.from({ length: RESOLVERS }, (_, index) =>
          server.approvals.resolve(
            { userId: `approver-${index}`, roles: ['finance'], via: 'slack' },
            approvalId,
            {
              status: 'approved',
            },
          ),
        ),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((result) => result.reason.name)).toEqual(
        Array(RESOLVERS - 1).fill('ApprovalConflictError'),
      );
      expect(won[0]?.value.run?.status).toBe('completed');
      expect(executions.refund).toBe(1);
      const runId = created.body.runId as string;
      const executed = (await db.listAudit({ runId })).items.filter(
        (entry) => entry.action === 'tool-executed',
      );
      expect(executed).toHaveLength(1);
    } finally {
      await server.close();
      await db.close();
    }
  }, 90_000);

  it(`lets one of ${CONTINUERS} concurrent continues of a confirmed run resume it, ${ROUNDS} rounds, and the tool runs once each`, async () => {
    const db = makeStore();
    const { server, executions, send } = await raceServer(db);
    try {
      const alice = await token('alice', []);
      for (let round = 1; round <= ROUNDS; round += 1) {
        const created = await send('POST', '/agents/ops/runs', alice, { message: 'restart billing' });
        expect(created.body.status).toBe('paused');
        const runId = created.body.runId as string;
        const requirementId = created.body.requirements[0].id as string;
        const responses = await Promise.all(
          Array.from({ length: CONTINUERS }, () =>
            send('POST', `/agents/ops/runs/${runId}/continue`, alice, {
              decisions: [{ requirementId, confirm: true }],
            }),
          ),
        );
        const statuses = responses.map((response) => response.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        expect(statuses.filter((status) => status === 409)).toHaveLength(CONTINUERS - 1);
        expect(responses.find((response) => response.status === 200)?.body.run).toMatchObject({
          runId,
          status: 'completed',
        });
        expect(executions.restart).toBe(round);
        const entries = (await db.listAudit({ runId })).items;
        expect(entries.filter((entry) => entry.action === 'tool-executed')).toHaveLength(1);
        expect(entries.filter((entry) => entry.action === 'approval-confirmed')).toHaveLength(1);
      }
      expect((await db.verifyAuditLog()).ok).toBe(true);
    } finally {
      await server.close();
      await db.close();
    }
  }, 90_000);
});
