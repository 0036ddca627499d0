import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { call, demoServer, readSse } from '../helpers/server.js';

async function pausedRun(os: Awaited<ReturnType<typeof demoServer>>['os'], message: string, user = 'alice') {
  const created = await call(os, 'POST', '/agents/helpdesk/runs', { user, body: { message } });
  expect(created.status).toBe(200);
  expect(created.body.status).toBe('paused');
  return created.body;
}

describe('agents and teams', () => {
  it('lists the configured agents with each tool and its tier', async () => {
    const { os } = await demoServer();
    const listed = await call(os, 'GET', '/agents', { user: 'alice' });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    const tiers = Object.fromEntries(
      listed.body[0].tools.map((tool: { name: string; tier: string }) => [tool.name, tool.tier]),
    );
    expect(tiers).toEqual({
      lookup_customer: 'none',
      reset_password: 'user',
      issue_refund: 'admin',
      create_ticket: 'user',
      submit_change_request: 'user',
    });
    const one = await call(os, 'GET', '/agents/helpdesk', { user: 'alice' });
    expect(one.body.tools[2].approval).toEqual({
      type: 'required',
      approverRole: 'finance',
      quorum: 1,
      expiresInSeconds: 86_400,
      conditional: true,
    });
  });

  it('answers 404 for unknown agents and teams, and lists no teams when none are configured', async () => {
    const { os } = await demoServer();
    const agent = await call(os, 'GET', '/agents/nope', { user: 'alice' });
    expect(agent.status).toBe(404);
    expect(agent.body.error).toMatchObject({ type: 'NotFoundError', resource: 'agent', id: 'nope' });
    expect(
      (await call(os, 'POST', '/agents/nope/runs', { user: 'alice', body: { message: 'hi' } })).status,
    ).toBe(404);
    expect((await call(os, 'GET', '/teams', { user: 'alice' })).body).toEqual([]);
    expect((await call(os, 'GET', '/teams/support', { user: 'alice' })).status).toBe(404);
  });
});

describe('creating and reading runs', () => {
  it('runs for the authenticated user, ignoring a user named in the body', async () => {
    const { os } = await demoServer();
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'look up GLOBEX-7', user_id: 'mallory' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'completed', userId: 'alice', agentId: 'helpdesk' });
    expect(created.body.content).toContain('Globex');
    const read = await call(os, 'GET', `/agents/helpdesk/runs/${created.body.runId}`, { user: 'bob' });
    expect(read.body).toMatchObject({ runId: created.body.runId, status: 'completed' });
  });

  it("accepts Agno's form fields", async () => {
    const { os } = await demoServer();
    const response = await os.app.request('/agents/helpdesk/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-user-id': 'alice' },
      body: new URLSearchParams({
        message: 'look up ACME-123',
        session_id: 'session-42',
        stream: 'false',
      }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'completed', sessionId: 'session-42' });
  });

  it('refuses bad bodies with 400 naming the field', async () => {
    const { os } = await demoServer();
    const missing = await call(os, 'POST', '/agents/helpdesk/runs', { user: 'alice', body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.type).toBe('ValidationError');
    expect(missing.body.error.issues[0].path).toBe('message');
    const wrongType = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 42 },
    });
    expect(wrongType.body.error.message).toContain('message');
    const unknownKey = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'x', mesage: 'y' },
    });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.message).toContain('mesage');
    const malformed = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: '{"message": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
  });

  it('answers 404 for an unknown run and for a run of another agent', async () => {
    const db = new SqliteDb({ dbFile: ':memory:' });
    const other = new Agent({ id: 'other', model: new ScriptedModel([{ text: 'hello' }]), db });
    const { os } = await demoServer({ db, agents: [createDemoAgent({ db }), other] });
    expect(
      (await call(os, 'GET', '/agents/helpdesk/runs/no-such-run', { user: 'alice' })).body.error,
    ).toMatchObject({
      type: 'RunNotFoundError',
      runId: 'no-such-run',
    });
    const run = await call(os, 'POST', '/agents/other/runs', { user: 'alice', body: { message: 'hi' } });
    expect(run.body.status).toBe('completed');
    expect((await call(os, 'GET', `/agents/other/runs/${run.body.runId}`, { user: 'alice' })).status).toBe(
      200,
    );
    expect((await call(os, 'GET', `/agents/helpdesk/runs/${run.body.runId}`, { user: 'alice' })).status).toBe(
      404,
    );
  });

  it('lists runs with filters and refuses bad filters', async () => {
    const { os } = await demoServer();
    const paused = await pausedRun(os, 'refund $500 to ACME-123');
    await call(os, 'POST', '/agents/helpdesk/runs', { user: 'alice', body: { message: 'look up ACME-123' } });
    const list = await call(os, 'GET', '/runs?status=paused&agentId=helpdesk', { user: 'bob' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((run: { runId: string }) => run.runId)).toEqual([paused.runId]);
    expect((await call(os, 'GET', '/runs?limit=1', { user: 'bob' })).body.nextCursor).toEqual(
      expect.any(String),
    );
    const badStatus = await call(os, 'GET', '/runs?status=sleeping', { user: 'bob' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.issues[0].path).toBe('status');
    expect((await call(os, 'GET', '/runs?cursor=garbage', { user: 'bob' })).status).toBe(400);
    expect((await call(os, 'GET', '/runs?limit=100000', { user: 'bob' })).body.error.issues[0].path).toBe(
      'limit',
    );
  });

  it('streams a run as server-sent events when asked', async () => {
    const { os } = await demoServer();
    const response = await os.app.request('/agents/helpdesk/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-user-id': 'alice' },
      body: JSON.stringify({ message: 'look up ACME-123 and reset the password for alice@example.com' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(response);
    expect(events.map((event) => event.event)).toEqual([
      'run-started',
      'tool-call-started',
      'tool-call-completed',
      'run-paused',
    ]);
    expect(events[3]?.data.requirements[0].toolName).toBe('reset_password');
    // stream: true in the body does the same, and a continue streams too.
    const runId = events[0]?.data.runId;
    const requirementId = events[3]?.data.requirements[0].id;
    const continued = await os.app.request(`/agents/helpdesk/runs/${runId}/continue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'alice' },
      body: JSON.stringify({ stream: true, decisions: [{ requirementId, confirm: true }] }),
    });
    const more = await readSse(continued);
    expect(more.map((event) => event.event)).toEqual([
      'run-continued',
      'tool-call-started',
      'tool-call-completed',
      'text-delta',
      ...more.slice(4, -1).map(() => 'text-delta'),
      'run-completed',
    ]);
  });

  it('answers a streamed run of an unknown agent with a plain 404', async () => {
    const { os } = await demoServer();
    const response = await call(os, 'POST', '/agents/nope/runs', {
      user: 'alice',
      headers: { accept: 'text/event-stream' },
      body: { message: 'hi' },
    });
    expect(response.status).toBe(404);
  });
});

describe('continuing a run', () => {
  it("confirms a user's call and runs it once", async () => {
    const { os, db } = await demoServer();
    const run = await pausedRun(os, 'reset the password for alice@example.com');
    const requirementId = run.requirements[0].id;
    const done = await call(os, 'POST', `/agents/helpdesk/runs/${run.runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId, confirm: true }] },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ continued: true, waitingFor: [], run: { status: 'completed' } });
    expect(done.body.run.content).toContain('reset link was sent to alice@example.com');
    const audit = await db.listAudit({ runId: run.runId });
    expect(audit.items.find((entry) => entry.action === 'approval-confirmed')).toMatchObject({
      actor: 'alice',
    });
    const again = await call(os, 'POST', `/agents/helpdesk/runs/${run.runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId, confirm: true }] },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ type: 'RunConflictError', actualStatus: 'completed' });
  });

  it('passes a rejection reason to the model', async () => {
    const { os } = await demoServer();
    const run = await pausedRun(os, 'reset the password for alice@example.com');
    const done = await call(os, 'POST', `/agents/helpdesk/runs/${run.runId}/continue`, {
      user: 'alice',
      body: {
        decisions: [{ requirementId: run.requirements[0].id, confirm: false, reason: 'not my account' }],
      },
    });
    expect(done.body.run.content).toContain('Rejected by the user: not my account');
  });

  it("refuses another user's decisions with 403 and audits the attempt; an admin may decide", async () => {
    const { os, db } = await demoServer();
    const run = await pausedRun(os, 'reset the password for alice@example.com');
    const body = { decisions: [{ requirementId: run.requirements[0].id, confirm: true }] };
    const refused = await call(os, 'POST', `/agents/helpdesk/runs/${run.runId}/continue`, {
      user: 'mallory',
      body,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      type: 'AccessDeniedError',
      reason: 'not-run-owner',
      runId: run.runId,
    });
    const denied = (await db.listAudit({ runId: run.runId })).items.filter(
      (entry) => entry.action === 'access-denied',
    );
    expect(denied).toEqual([
      expect.objectContaining({ actor: 'mallory', data: expect.objectContaining({ attempted: 'continue' }) }),
    ]);
    const admin = await call(os, 'POST', `/agents/helpdesk/runs/${run.runId}/continue`, {
      user: 'admin',
      body,
    });
    expect(admin.status).toBe(200);
  });

  it('refuses decisions that do not fit the requirement, naming the field', async () => {
    const { os } = await demoServer();
    const run = await pausedRun(os, 'reset the password for alice@example.com');
    const url = `/agents/helpdesk/runs/${run.runId}/continue`;
    const noConfirm = await call(os, 'POST', url, {
      user: 'alice',
      body: { decisions: [{ requirementId: run.requirements[0].id }] },
    });
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.body.error.issues).toEqual([
      { path: 'decisions.0.confirm', message: expect.any(String) },
    ]);
    const unknown = await call(os, 'POST', url, {
      user: 'alice',
      body: { decisions: [{ requirementId: 'req_x', confirm: true }] },
    });
    expect(unknown.body.error.issues[0].path).toBe('decisions.0.requirementId');
    const wrongShape = await call(os, 'POST', url, { user: 'alice', body: { decisions: 'yes' } });
    expect(wrongShape.body.error.issues[0].path).toBe('decisions');
    expect((await call(os, 'GET', `/agents/helpdesk/runs/${run.runId}`, { user: 'alice' })).body.status).toBe(
      'paused',
    );
  });

  it('collects user input, partially first (202), then completely', async () => {
    const { os } = await demoServer();
    const run = await pausedRun(os, 'open a ticket: the VPN is broken');
    const requirementId = run.requirements[0].id;
    expect(run.requirements[0].userInputSchema.map((field: { name: string }) => field.name)).toEqual([
      'description',
      'priority',
    ]);
    const url = `/agents/helpdesk/runs/${run.runId}/continue`;
    const badType = await call(os, 'POST', url, {
      user: 'alice',
      body: { decisions: [{ requirementId, userInput: { priority: 3 } }] },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.issues[0].path).toBe('decisions.0.userInput.priority');
    const partial = await call(os, 'POST', url, {
      user: 'alice',
      body: { decisions: [{ requirementId, userInput: { description: 'Drops every 5 minutes' } }] },
    });
    expect(partial.status).toBe(202);
    expect(partial.body).toMatchObject({
      continued: false,
      waitingFor: [{ requirementId, waitingFor: 'user' }],
    });
    const done = await call(os, 'POST', url, {
      user: 'alice',
      body: { decisions: [{ requirementId, userInput: { priority: 'high' } }] },
    });
    expect(done.status).toBe(200);
    expect(done.body.run.toolCalls[0]).toMatchObject({
      toolName: 'create_ticket',
      args: { description: 'Drops every 5 minutes', priority: 'high' },
      outcome: 'executed',
    });
  });

  it('takes an external execution result from an executor, and refuses others', async () => {
    const { os } = await demoServer();
    const run = await pausedRun(os, 'file a change request to open port 8443 on the billing firewall');
    const toolCallId = run.requirements[0].toolCallId;
    const url = `/agents/helpdesk/runs/${run.runId}/tools/${toolCallId}/result`;
    const stranger = await call(os, 'POST', url, { user: 'mallory', body: { result: 'done' } });
    expect(stranger.status).toBe(403);
    expect(
      (await call(os, 'POST', url, { user: 'change-bot', roles: ['executor'], body: {} })).body.error
        .issues[0].path,
    ).toBe('result');
    const unknown = await call(os, 'POST', `/agents/helpdesk/runs/${run.runId}/tools/call_9/result`, {
      user: 'change-bot',
      roles: ['executor'],
      body: { result: 'done' },
    });
    expect(unknown.status).toBe(404);
    const done = await call(os, 'POST', url, {
      user: 'change-bot',
      roles: ['executor'],
      body: { result: { ticket: 'CHG-7', state: 'implemented' } },
    });
    expect(done.status).toBe(200);
    expect(done.body.run.status).toBe('completed');
    expect(done.body.run.content).toContain('CHG-7');
  });
});

describe('cancelling a run', () => {
  it('cancels a paused run and its pending approval records', async () => {
    const { os } = await demoServer();
    const run = await pausedRun(os, 'refund $900 to ACME-123');
    const url = `/agents/helpdesk/runs/${run.runId}/cancel`;
    expect((await call(os, 'POST', url, { user: 'mallory' })).status).toBe(403);
    const cancelled = await call(os, 'POST', url, { user: 'alice' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', content: 'Cancelled by alice.' });
    const record = await call(os, 'GET', `/approvals/${run.requirements[0].approvalId}`, { user: 'alice' });
    expect(record.body).toMatchObject({ status: 'cancelled', resolvedBy: 'alice', runStatus: 'cancelled' });
    const again = await call(os, 'POST', url, { user: 'alice' });
    expect(again.status).toBe(409);
  });
});

describe('runs that fail and targets that are teams', () => {
  it('returns a run that failed after it started as a stored run with status error', async () => {
    const db = new SqliteDb({ dbFile: ':memory:' });
    const broken = new Agent({
      id: 'broken',
      model: new ScriptedModel([{ error: new Error('provider down') }]),
      db,
    });
    const { os } = await demoServer({ db, agents: [broken] });
    const failed = await call(os, 'POST', '/agents/broken/runs', { user: 'alice', body: { message: 'hi' } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'error', error: { type: 'ModelError' } });
    expect(failed.body.error.message).toContain('provider down');
    const streamed = await os.app.request('/agents/broken/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'alice', accept: 'text/event-stream' },
      body: JSON.stringify({ message: 'hi' }),
    });
    expect((await readSse(streamed)).map((event) => event.event)).toEqual(['run-started', 'run-error']);
  });

  it('serves anything with id, name, run, continueRun and getRun as a team', async () => {
    const db = new SqliteDb({ dbFile: ':memory:' });
    const member = createDemoAgent({ db });
    const team = {
      id: 'support-desk',
      name: 'Support desk',
      members: [{ id: member.id, name: member.name }],
      run: member.run.bind(member),
      continueRun: member.continueRun.bind(member),
      getRun: member.getRun.bind(member),
    };
    const { os } = await demoServer({ db, agents: [], teams: [team] });
    expect((await call(os, 'GET', '/teams', { user: 'alice' })).body).toEqual([
      { id: 'support-desk', name: 'Support desk', members: [{ id: 'helpdesk', name: 'Helpdesk (demo)' }] },
    ]);
    const created = await call(os, 'POST', '/teams/support-desk/runs', {
      user: 'alice',
      body: { message: 'reset the password for alice@example.com' },
    });
    expect(created.body.status).toBe('paused');
    const done = await call(os, 'POST', `/teams/support-desk/runs/${created.body.runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId: created.body.requirements[0].id, confirm: true }] },
    });
    expect(done.body.run.status).toBe('completed');
    expect(
      (await call(os, 'GET', `/teams/support-desk/runs/${created.body.runId}`, { user: 'alice' })).status,
    ).toBe(200);
    expect(
      (await call(os, 'GET', `/agents/helpdesk/runs/${created.body.runId}`, { user: 'alice' })).status,
    ).toBe(404);
  });
});
