import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../../src/agent/agent.js';
import { approval } from '../../src/approvals/approval.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { call, demoServer } from '../helpers/server.js';

type Os = Awaited<ReturnType<typeof demoServer>>['os'];

async function refundRun(os: Os, amount = 250, user = 'alice') {
  const created = await call(os, 'POST', '/agents/helpdesk/runs', {
    user,
    body: { message: `refund $${amount} to ACME-123` },
  });
  expect(created.body.status).toBe('paused');
  return {
    runId: created.body.runId as string,
    approvalId: created.body.requirements[0].approvalId as string,
  };
}

describe('the demo flow over HTTP', () => {
  it('pauses a large refund until a finance user approves it, then completes the run', async () => {
    const { os, db } = await demoServer();
    const { runId, approvalId } = await refundRun(os);
    const inbox = await call(os, 'GET', '/approvals?status=pending&approverRole=finance', { user: 'bob' });
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({
      id: approvalId,
      runId,
      requestedBy: 'alice',
      toolArgs: { amount: 250 },
    });
    expect((await call(os, 'GET', '/approvals/count', { user: 'bob' })).body).toEqual({ count: 1 });
    expect((await call(os, 'GET', `/approvals/${approvalId}/status`, { user: 'bob' })).body).toEqual({
      id: approvalId,
      status: 'pending',
      runId,
      runStatus: 'paused',
      resolvedBy: null,
      resolvedAt: null,
    });

    const resolved = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', reason: 'customer is entitled' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.approval).toMatchObject({ status: 'approved', resolvedBy: 'bob' });
    expect(resolved.body).toMatchObject({
      continued: true,
      waitingFor: [],
      run: { runId, status: 'completed' },
    });
    expect(resolved.body.run.content).toMatch(/refundId.*RF-/);
    expect((await call(os, 'GET', '/approvals/count', { user: 'bob' })).body).toEqual({ count: 0 });
    const entries = (await db.listAudit({ runId })).items;
    expect(entries.find((entry) => entry.action === 'approval-approved')).toMatchObject({
      actor: 'bob',
      actorRoles: ['finance'],
    });
    expect(entries.filter((entry) => entry.action === 'tool-executed')).toHaveLength(1);
  });

  it("tells the model the approver's rejection reason", async () => {
    const { os } = await demoServer();
    const { approvalId } = await refundRun(os);
    const resolved = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'rejected', reason: 'over the monthly budget' },
    });
    expect(resolved.body.run.content).toContain('Rejected by the approver (bob): over the monthly budget');
    expect(resolved.body.run.toolCalls[0].outcome).toBe('rejected');
  });

  it('leaves the run paused with continue: false, for the user to continue later', async () => {
    const { os } = await demoServer();
    const { runId, approvalId } = await refundRun(os);
    const resolved = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', continue: false },
    });
    expect(resolved.body.run).toBeUndefined();
    expect((await call(os, 'GET', `/agents/helpdesk/runs/${runId}`, { user: 'alice' })).body.status).toBe(
      'paused',
    );
    const continued = await call(os, 'POST', `/agents/helpdesk/runs/${runId}/continue`, {
      user: 'alice',
      body: {},
    });
    expect(continued.status).toBe(200);
    expect(continued.body.run.status).toBe('completed');
  });
});

describe('who may resolve', () => {
  it('refuses self-approval and a missing role with 403, each audited as access-denied', async () => {
    const { os, db } = await demoServer();
    const { runId, approvalId } = await refundRun(os);
    const url = `/approvals/${approvalId}/resolve`;
    const self = await call(os, 'POST', url, {
      user: 'alice',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    expect(self.status).toBe(403);
    expect(self.body.error).toMatchObject({
      type: 'ApprovalForbiddenError',
      reason: 'self-approval',
      approvalId,
    });
    const noRole = await call(os, 'POST', url, {
      user: 'carol',
      roles: ['support'],
      body: { status: 'approved' },
    });
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.reason).toBe('missing-role');
    expect(noRole.body.error.message).toContain("needs the role 'finance'");
    const denied = (await db.listAudit({ approvalId })).items.filter(
      (entry) => entry.action === 'access-denied',
    );
    expect(denied.map((entry) => [entry.actor, entry.data?.reason, entry.runId])).toEqual([
      ['alice', 'self-approval', runId],
      ['carol', 'missing-role', runId],
    ]);
    expect((await call(os, 'GET', `/approvals/${approvalId}`, { user: 'bob' })).body.status).toBe('pending');
  });

  it('takes the resolver from the credentials, never from the body', async () => {
    const { os } = await demoServer();
    const { approvalId } = await refundRun(os);
    const spoofed = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', resolvedBy: 'ceo', resolvedByRoles: ['admin'] },
    });
    expect(spoofed.status).toBe(400);
    expect(spoofed.body.error.message).toContain('resolvedBy');
  });

  it('lets the dev-mode admin decide any approval', async () => {
    const { os } = await demoServer();
    const { approvalId } = await refundRun(os);
    const resolved = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'admin',
      body: { status: 'approved' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.approval).toMatchObject({ resolvedBy: 'admin', status: 'approved' });
  });
});

describe('resolution conflicts and bad input', () => {
  it('lets exactly one of 20 concurrent resolutions win; the others get 409', async () => {
    const { os, db } = await demoServer();
    const { runId, approvalId } = await refundRun(os);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(os, 'POST', `/approvals/${approvalId}/resolve`, {
          user: `approver-${index}`,
          roles: ['finance'],
          body: { status: index % 2 === 0 ? 'approved' : 'rejected' },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const conflict = responses.find((response) => response.status === 409);
    expect(conflict?.body.error).toMatchObject({
      type: 'ApprovalConflictError',
      approvalId,
      expectedStatus: 'pending',
    });
    const winner = responses.find((response) => response.status === 200);
    const record = await call(os, 'GET', `/approvals/${approvalId}`, { user: 'bob' });
    expect(record.body.resolvedBy).toBe(winner?.body.approval.resolvedBy);
    const decisions = (await db.listAudit({ approvalId })).items.filter((entry) =>
      ['approval-approved', 'approval-denied'].includes(entry.action),
    );
    expect(decisions).toHaveLength(1);
    expect((await call(os, 'GET', `/agents/helpdesk/runs/${runId}`, { user: 'alice' })).body.status).toBe(
      'completed',
    );
  });

  it('answers 404 for an unknown approval on every route', async () => {
    const { os } = await demoServer();
    for (const [method, path] of [
      ['GET', '/approvals/apr_nope'],
      ['GET', '/approvals/apr_nope/status'],
      ['POST', '/approvals/apr_nope/resolve'],
    ] as const) {
      const response = await call(os, method, path, {
        user: 'bob',
        roles: ['finance'],
        ...(method === 'POST' ? { body: { status: 'approved' } } : {}),
      });
      expect(response.status, path).toBe(404);
      expect(response.body.error).toMatchObject({ type: 'ApprovalNotFoundError', approvalId: 'apr_nope' });
    }
  });

  it('refuses bad resolutions with 400 naming the field, leaving the record pending', async () => {
    const { os } = await demoServer();
    const { approvalId } = await refundRun(os);
    const url = `/approvals/${approvalId}/resolve`;
    const badStatus = await call(os, 'POST', url, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'maybe' },
    });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.issues[0].path).toBe('status');
    const badEdit = await call(os, 'POST', url, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', editedArgs: { amount: 'lots' } },
    });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.error.issues[0].path).toBe('resolutionData.editedArgs.amount');
    const wrongLane = await call(os, 'POST', url, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', resolutionData: { result: 'done' } },
    });
    expect(wrongLane.body.error.issues[0].path).toBe('resolutionData.result');
    expect((await call(os, 'GET', `/approvals/${approvalId}`, { user: 'bob' })).body.status).toBe('pending');
  });

  it("runs the call with an approver's valid edits", async () => {
    const { os } = await demoServer();
    const { approvalId } = await refundRun(os, 900);
    const resolved = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', editedArgs: { amount: 450 } },
    });
    expect(resolved.body.run.toolCalls[0]).toMatchObject({ args: { amount: 450 }, result: { amount: 450 } });
  });
});

describe('listing approvals', () => {
  it('filters and pages with a cursor, newest first', async () => {
    const { os } = await demoServer();
    const first = await refundRun(os, 200);
    const second = await refundRun(os, 300, 'dave');
    const third = await refundRun(os, 400);
    const page1 = await call(os, 'GET', '/approvals?status=pending&limit=2', { user: 'bob' });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await call(
      os,
      'GET',
      `/approvals?status=pending&limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
      {
        user: 'bob',
      },
    );
    expect(page2.body).toMatchObject({ nextCursor: null });
    const ids = [...page1.body.items, ...page2.body.items].map((record: { id: string }) => record.id);
    expect(new Set(ids)).toEqual(new Set([first.approvalId, second.approvalId, third.approvalId]));
    const byUser = await call(os, 'GET', '/approvals?requestedBy=dave', { user: 'bob' });
    expect(byUser.body.items.map((record: { id: string }) => record.id)).toEqual([second.approvalId]);
    expect((await call(os, 'GET', `/approvals/count?runId=${first.runId}`, { user: 'bob' })).body).toEqual({
      count: 1,
    });
    expect((await call(os, 'GET', '/approvals?status=open', { user: 'bob' })).status).toBe(400);
    expect((await call(os, 'GET', '/approvals?cursor=not-a-cursor', { user: 'bob' })).status).toBe(400);
  });
});

describe('a call gated by both the user and an approver', () => {
  async function gatedServer() {
    const db = new SqliteDb({ dbFile: ':memory:' });
    let executions = 0;
    const restart = approval(
      { approverRole: 'ops' },
      tool({
        name: 'restart_service',
        inputSchema: z.object({ serviceName: z.string() }),
        requiresConfirmation: true,
        execute: ({ serviceName }) => {
          executions += 1;
          return `restarted ${serviceName}`;
        },
      }),
    );
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'restart_service', args: { serviceName: 'billing' } }] },
      { text: 'Restarted.' },
    ]);
    const agent = new Agent({ id: 'ops', model, tools: [restart], db });
    const server = await demoServer({ db, agents: [agent] });
    return { ...server, executions: () => executions };
  }

  it("keeps the user's confirmation (202) until the approver decides, then resumes once", async () => {
    const { os, executions } = await gatedServer();
    const created = await call(os, 'POST', '/agents/ops/runs', {
      user: 'alice',
      body: { message: 'restart billing' },
    });
    const requirement = created.body.requirements[0];
    const confirmed = await call(os, 'POST', `/agents/ops/runs/${created.body.runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId: requirement.id, confirm: true }] },
    });
    expect(confirmed.status).toBe(202);
    expect(confirmed.body.waitingFor).toEqual([
      {
        requirementId: requirement.id,
        toolName: 'restart_service',
        kind: 'confirmation',
        waitingFor: 'approval',
        approvalId: requirement.approvalId,
      },
    ]);
    expect(executions()).toBe(0);
    const resolved = await call(os, 'POST', `/approvals/${requirement.approvalId}/resolve`, {
      user: 'olga',
      roles: ['ops'],
      body: { status: 'approved' },
    });
    expect(resolved.body).toMatchObject({
      continued: true,
      run: { status: 'completed', content: 'Restarted.' },
    });
    expect(executions()).toBe(1);
  });

  it('waits for the user after the approver approved first', async () => {
    const { os, executions } = await gatedServer();
    const created = await call(os, 'POST', '/agents/ops/runs', {
      user: 'alice',
      body: { message: 'restart billing' },
    });
    const requirement = created.body.requirements[0];
    const resolved = await call(os, 'POST', `/approvals/${requirement.approvalId}/resolve`, {
      user: 'olga',
      roles: ['ops'],
      body: { status: 'approved' },
    });
    expect(resolved.body).toMatchObject({
      continued: false,
      run: { status: 'paused' },
      waitingFor: [{ requirementId: requirement.id, waitingFor: 'user' }],
    });
    expect(executions()).toBe(0);
    const done = await call(os, 'POST', `/agents/ops/runs/${created.body.runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId: requirement.id, confirm: true }] },
    });
    expect(done.status).toBe(200);
    expect(executions()).toBe(1);
  });
});
