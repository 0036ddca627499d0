import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../../src/agent/agent.js';
import { approval } from '../../src/approvals/approval.js';
import type { AuditEntry } from '../../src/audit/audit-entry.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { AgentOS } from '../../src/server/agent-os.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import type { Route } from '../../src/server/route.js';
import { DELEGATION_TOOL_NAME } from '../../src/team/delegation.js';
import { Team } from '../../src/team/team.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { call, collectingLogger } from '../helpers/server.js';
import { click, mention, sendEvent, sendInteraction } from '../slack/slack-requests.js';
import { FINANCE_CHANNEL, HELPDESK_CHANNEL, must, posted, slackServer } from '../slack/slack-setup.js';

const SECRET = 'the-authority-matrix-secret-32-chars!';
const OTHER_SECRET = 'another-servers-secret-of-32-characters';
const API_KEY = 'ck_matrix_executor_key_0123456789';

function sign(sub: string, roles: string[], options: { secret?: string; expired?: boolean } = {}) {
  const jwt = new SignJWT({ sub, roles }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  jwt.setExpirationTime(options.expired ? Math.floor(Date.now() / 1000) - 60 : '10m');
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** The ways of not being authenticated, each with the reason the server gives. */
async function badCredentials(): Promise<
  { name: string; headers: Record<string, string>; reason: string }[]
> {
  return [
    { name: 'no token', headers: {}, reason: 'missing' },
    { name: 'a malformed token', headers: { authorization: 'Bearer not.a.jwt' }, reason: 'invalid-token' },
    {
      name: 'a non-Bearer header',
      headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' },
      reason: 'invalid-token',
    },
    {
      name: 'a token signed with another secret',
      headers: { authorization: `Bearer ${await sign('admin', ['admin'], { secret: OTHER_SECRET })}` },
      reason: 'invalid-token',
    },
    {
      name: 'an expired token',
      headers: { authorization: `Bearer ${await sign('admin', ['admin'], { expired: true })}` },
      reason: 'invalid-token',
    },
    {
      name: 'an unsigned token (alg none)',
      headers: {
        authorization: `Bearer ${new UnsecuredJWT({ sub: 'admin', roles: ['admin'] }).setExpirationTime('10m').encode()}`,
      },
      reason: 'invalid-token',
    },
    {
      name: 'an unknown API key',
      headers: { authorization: 'Bearer ck_guessed_key_0000000000' },
      reason: 'unknown-api-key',
    },
  ];
}

/**
 * The authenticated identities each guarded route must refuse (403), by operationId, with the
 * rule that refuses them. Every route declaring a 403 must be listed here: the test fails for a
 * new guarded route until its refusals are.
 */
const REFUSED: Record<string, { name: string; sub: string; roles: string[]; reason: string }[]> = {
  resolveApproval: [
    { name: 'the wrong role', sub: 'sam', roles: ['support'], reason: 'missing-role' },
    {
      name: 'the requester approving their own call',
      sub: 'alice',
      roles: ['finance'],
      reason: 'self-approval',
    },
  ],
  ...Object.fromEntries(
    [
      'continueAgentRun',
      'cancelAgentRun',
      'reportAgentToolResult',
      'continueTeamRun',
      'cancelTeamRun',
      'reportTeamToolResult',
    ].map((operationId) => [
      operationId,
      [
        {
          name: "another user (not the run's, no admin)",
          sub: 'mallory',
          roles: ['finance', 'support'],
          reason: 'not-run-owner',
        },
      ],
    ]),
  ),
  ...Object.fromEntries(
    ['listAudit', 'verifyAudit', 'exportAudit'].map((operationId) => [
      operationId,
      [{ name: 'the wrong role', sub: 'mallory', roles: ['finance', 'executor'], reason: 'missing-role' }],
    ]),
  ),
};

/** The only routes served without credentials. */
const PUBLIC = ['GET /health', 'GET /openapi.json'];

async function matrixServer() {
  const db = new SqliteDb({ dbFile: ':memory:' });
  await db.migrate();
  const helpdesk = createDemoAgent({ db });
  const refund = approval(
    { approverRole: 'finance' },
    tool({
      name: 'issue_refund',
      inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
      execute: ({ amount }) => `refunded ${amount}`,
    }),
  );
  const billing = new Agent({
    id: 'billing',
    description: 'Refunds',
    model: new ScriptedModel([
      { toolCalls: [{ toolName: 'issue_refund', args: { orderId: 'o-7', amount: 900 } }] },
      { text: 'Refunded.' },
    ]),
    tools: [refund],
  });
  const team = new Team({
    id: 'support',
    name: 'Support',
    model: new ScriptedModel([
      { toolCalls: [{ toolName: DELEGATION_TOOL_NAME, args: { memberId: 'billing', task: 'Refund o-7' } }] },
      { text: 'Done.' },
    ]),
    members: [billing],
    db,
  });
  const logger = collectingLogger();
  const os = new AgentOS({
    agents: [helpdesk],
    teams: [team],
    db,
    auth: { jwt: { secret: SECRET }, apiKeys: [{ key: API_KEY, userId: 'change-bot', roles: ['executor'] }] },
    logger,
    ui: false,
    expirySweepMs: 0,
  });
  const alice = { authorization: `Bearer ${await sign('alice', [])}` };
  const change = await call(os, 'POST', '/agents/helpdesk/runs', {
    headers: alice,
    body: { message: 'deploy the new firewall rules on the edge cluster' },
  });
  const refundRun = await call(os, 'POST', '/agents/helpdesk/runs', {
    headers: alice,
    body: { message: 'refund $900 to ACME-123' },
  });
  const teamRun = await call(os, 'POST', '/teams/support/runs', {
    headers: alice,
    body: { message: 'refund o-7' },
  });
  expect([change.body.status, refundRun.body.status, teamRun.body.status]).toEqual([
    'paused',
    'paused',
    'paused',
  ]);
  await helpdesk.flushTraces();
  const trace = must((await db.listTraces({})).items[0], 'a stored trace');
  const ids = {
    agent: {
      agentId: 'helpdesk',
      runId: change.body.runId,
      toolCallId: change.body.requirements[0].toolCallId,
    },
    team: {
      teamId: 'support',
      runId: teamRun.body.runId,
      toolCallId: teamRun.body.requirements[0].toolCallId,
    },
    approvalId: refundRun.body.requirements[0].approvalId as string,
    traceId: trace.traceId,
  };
  return { os, db, logger, ids };
}

type Matrix = Awaited<ReturnType<typeof matrixServer>>;

/** The route's path with every parameter filled with a real id (the team's run under /teams). */
function realPath(route: Route, ids: Matrix['ids']): string {
  const run = route.path.startsWith('/teams') ? ids.team : ids.agent;
  const values: Record<string, string> = { ...run, approvalId: ids.approvalId, traceId: ids.traceId };
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => must(values[name], `a value for {${name}}`));
}

/** A body each route would accept, so that only the credentials decide. */
function bodyFor(route: Route, ids: Matrix['ids']): unknown {
  if (route.method !== 'post') return undefined;
  if (route.operationId === 'resolveApproval') return { status: 'approved' };
  if (route.operationId.startsWith('report')) return { result: 'done' };
  if (route.operationId.startsWith('continue')) {
    return {
      decisions: [
        {
          requirementId: `${route.path.startsWith('/teams') ? ids.team.runId : ids.agent.runId}-none`,
          confirm: true,
        },
      ],
    };
  }
  if (route.operationId.startsWith('create')) return { message: 'look up ACME-123' };
  return {};
}

const key = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

async function refusals(matrix: Matrix): Promise<AuditEntry[]> {
  return (await matrix.db.listAudit({ limit: 1000 })).items.filter(
    (entry) => entry.action === 'access-denied',
  );
}

describe('the authority matrix of every route', () => {
  let matrix: Matrix;
  const unauthenticated = new Map<string, number>();

  beforeAll(async () => {
    matrix = await matrixServer();
  });
  afterAll(async () => {
    await matrix.db.close();
  });

  it('serves only /health and /openapi.json without credentials', () => {
    expect(
      matrix.os.routes
        .filter((route) => route.public)
        .map(key)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });

  it('refuses every other route without valid credentials with 401, never 2xx or 5xx', async () => {
    const cases = await badCredentials();
    const guarded = matrix.os.routes.filter((route) => !route.public);
    expect(guarded.length).toBeGreaterThanOrEqual(25);
    for (const route of guarded) {
      for (const credentials of cases) {
        const response = await call(matrix.os, route.method.toUpperCase(), realPath(route, matrix.ids), {
          headers: credentials.headers,
          body: bodyFor(route, matrix.ids),
        });
        expect(response.status, `${key(route)} with ${credentials.name}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(response.body.error).toMatchObject({
          type: 'AuthenticationError',
          reason: credentials.reason,
        });
        const counted = `${key(route)} ${credentials.reason}`;
        unauthenticated.set(counted, (unauthenticated.get(counted) ?? 0) + 1);
      }
    }
    // Nothing was decided: the paused runs and the pending approval are as they were.
    expect((await matrix.db.getApproval(matrix.ids.approvalId))?.status).toBe('pending');
    expect((await matrix.db.getRun(matrix.ids.agent.runId))?.document.status).toBe('paused');
    expect((await matrix.db.getRun(matrix.ids.team.runId))?.document.status).toBe('paused');
  });

  it('refuses the wrong role, another user and the requester with 403, one access-denied entry each', async () => {
    const guardedByRole = matrix.os.routes.filter((route) => route.errors?.includes(403));
    expect(guardedByRole.map((route) => route.operationId).sort()).toEqual(Object.keys(REFUSED).sort());
    let tried = 0;
    for (const route of guardedByRole) {
      for (const identity of REFUSED[route.operationId] ?? []) {
        const verified = async () => (await refusals(matrix)).filter((entry) => entry.actor !== 'anonymous');
        const before = (await verified()).length;
        const response = await call(matrix.os, route.method.toUpperCase(), realPath(route, matrix.ids), {
          headers: { authorization: `Bearer ${await sign(identity.sub, identity.roles)}` },
          body: bodyFor(route, matrix.ids),
        });
        const what = `${key(route)} as ${identity.name}`;
        expect(response.status, `${what}: ${response.text}`).toBe(403);
        expect(response.body.error.reason, what).toBe(identity.reason);
        const added = (await verified()).slice(before);
        expect(added, what).toHaveLength(1);
        expect(added[0], what).toMatchObject({
          actor: identity.sub,
          actorRoles: identity.roles,
          data: { reason: identity.reason, via: 'jwt' },
        });
        tried += 1;
      }
    }
    expect(tried).toBe(Object.values(REFUSED).flat().length);
    expect((await matrix.db.getApproval(matrix.ids.approvalId))?.status).toBe('pending');
    expect((await matrix.db.getRun(matrix.ids.agent.runId))?.document.status).toBe('paused');
  });

  it('answers the same requests with valid credentials without a 401, so the token is what was refused', async () => {
    const admin = { authorization: `Bearer ${await sign('root', ['admin'])}` };
    for (const route of matrix.os.routes.filter((candidate) => candidate.method === 'get')) {
      const controller = new AbortController();
      const response = await matrix.os.app.request(realPath(route, matrix.ids), {
        headers: admin,
        signal: controller.signal,
      });
      expect(response.status, key(route)).toBe(200);
      await response.body?.cancel();
      controller.abort();
    }
  });

  it('audits every 401: per route and reason, entries whose counts add up to the refusals', async () => {
    await matrix.os.close();
    const anonymous = (await refusals(matrix)).filter((entry) => entry.actor === 'anonymous');
    const counts = new Map<string, number>();
    const entriesPerKey = new Map<string, number>();
    for (const entry of anonymous) {
      const counted = `${entry.data?.attempted} ${entry.data?.reason}`;
      counts.set(counted, (counts.get(counted) ?? 0) + Number(entry.data?.count));
      entriesPerKey.set(counted, (entriesPerKey.get(counted) ?? 0) + 1);
      expect(entry.data?.via).toBe('anonymous');
    }
    expect(unauthenticated.size).toBeGreaterThan(0);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(unauthenticated));
    // Bounded: at most two entries per route and reason within a window, however many requests.
    for (const [counted, entries] of entriesPerKey) expect(entries, counted).toBeLessThanOrEqual(2);
    expect((await matrix.db.verifyAuditLog()).ok).toBe(true);
  });
});

describe('a flood of anonymous requests', () => {
  it('grows the audit log by at most two entries per route and reason, counting every request', async () => {
    const matrix = await matrixServer();
    try {
      const before = (await refusals(matrix)).length;
      const responses = await Promise.all(
        Array.from({ length: 200 }, () => call(matrix.os, 'GET', '/approvals')),
      );
      expect(responses.every((response) => response.status === 401)).toBe(true);
      await matrix.os.close();
      const added = (await refusals(matrix)).slice(before);
      expect(added.length).toBeLessThanOrEqual(2);
      expect(added.reduce((sum, entry) => sum + Number(entry.data?.count), 0)).toBe(200);
      expect(added[0]?.data).toMatchObject({ attempted: 'GET /approvals', reason: 'missing', count: 1 });
    } finally {
      await matrix.db.close();
    }
  });
});

describe('Slack actions', () => {
  type Server = Awaited<ReturnType<typeof slackServer>>;
  let server: Server;

  beforeAll(async () => {
    server = await slackServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses approving as an unmapped Slack user, a user without the role and the requester, each audited', async () => {
    // Dave holds the finance role, and asks for the refund himself.
    await sendEvent(server.os, mention('U0DAVE', 'refund $900 to ACME-123', HELPDESK_CHANNEL));
    await server.slack.idle();
    const record = must((await server.db.getApprovals({ status: 'pending' })).items[0], 'a pending approval');
    const request = must(
      posted(server.fake).find((message) => message.channel === FINANCE_CHANNEL),
      'the approval request in the finance channel',
    );
    const attempts = [
      { user: 'U0STRANGER', actor: 'slack:U0STRANGER', reason: 'unlinked-slack-user' },
      { user: 'U0ALICE', actor: 'alice', reason: 'missing-role' },
      { user: 'U0DAVE', actor: 'dave', reason: 'self-approval' },
    ];
    for (const attempt of attempts) {
      const before = (await server.db.listAudit({ approvalId: record.id })).items.length;
      // Slack wants a 200 for every interaction it delivers; the refusal is shown to the clicker.
      expect(
        (await sendInteraction(server.os, click(attempt.user, request, 'countersign_approve'))).status,
      ).toBe(200);
      await server.slack.idle();
      const added = (await server.db.listAudit({ approvalId: record.id })).items.slice(before);
      expect(added, attempt.user).toEqual([
        expect.objectContaining({
          action: 'access-denied',
          actor: attempt.actor,
          data: expect.objectContaining({ attempted: 'approve', reason: attempt.reason, via: 'slack' }),
        }),
      ]);
      expect(server.fake.callsOf('chat.postEphemeral').at(-1)?.body.user).toBe(attempt.user);
    }
    expect(await server.db.getApproval(record.id)).toMatchObject({ status: 'pending', resolvedBy: null });
  });

  it('refuses an interaction Slack did not sign with 401, audited as anonymous', async () => {
    const before = (await server.db.listAudit({ limit: 1000 })).items.length;
    const response = await sendInteraction(
      server.os,
      { type: 'block_actions', user: { id: 'U0BOB' }, actions: [] },
      { secret: 'a-guessed-secret' },
    );
    expect(response.status).toBe(401);
    const added = (await server.db.listAudit({ limit: 1000 })).items.slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        action: 'access-denied',
        actor: 'anonymous',
        data: expect.objectContaining({
          attempted: 'POST /slack/interactions',
          reason: 'invalid-signature',
          count: 1,
        }),
      }),
    ]);
  });
});
