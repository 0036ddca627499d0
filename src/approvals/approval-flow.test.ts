import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { ApprovalForbiddenError } from '../errors/approval-forbidden-error.js';
import { ApprovalPendingError } from '../errors/approval-pending-error.js';
import { RequirementUnresolvedError } from '../errors/requirement-unresolved-error.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { type AnyTool, tool } from '../tools/tool.js';
import { approval } from './approval.js';

const now = () => Math.floor(Date.now() / 1000);

function setup(makeTool: (record: (args: unknown) => string) => AnyTool, args: Record<string, unknown>) {
  const executions: unknown[] = [];
  const gated = makeTool((callArgs) => {
    executions.push(callArgs);
    return 'refunded';
  });
  const model = new ScriptedModel((context) =>
    context.step === 0
      ? { toolCalls: [{ toolName: gated.name, args }] }
      : { text: context.lastToolResults.map((result) => result.text).join(' | ') },
  );
  const db = new InMemoryDb();
  const agent = new Agent({ id: 'billing', name: 'Billing', db, model, tools: [gated] });
  return { agent, db, executions };
}

const refundSchema = z.object({ customerId: z.string(), amount: z.number() });

describe('admin approval', () => {
  it('writes one pending record per gated call with the run context, and an audit entry', async () => {
    const { agent, db } = setup(
      (execute) =>
        approval(
          { approverRole: 'finance', expiresIn: '1h' },
          tool({ name: 'issue_refund', inputSchema: refundSchema, execute }),
        ),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const run = await agent.run('Refund ACME-123 for $5000', { userId: 'alice', sessionId: 's1' });
    expect(run.status).toBe('paused');
    const [requirement] = run.activeRequirements;
    expect(requirement).toMatchObject({ approvalType: 'required', kind: 'confirmation' });
    const { items } = await db.getApprovals({ status: 'pending' });
    expect(items).toHaveLength(1);
    const record = items[0];
    expect(record).toMatchObject({
      id: requirement?.approvalId,
      runId: run.runId,
      sessionId: 's1',
      agentId: 'billing',
      teamId: null,
      sourceType: 'agent',
      sourceName: 'Billing',
      toolName: 'issue_refund',
      toolArgs: { customerId: 'ACME-123', amount: 5000 },
      requirementKind: 'confirmation',
      type: 'required',
      status: 'pending',
      requestedBy: 'alice',
      approverRole: 'finance',
      quorum: 1,
      runStatus: 'paused',
      resolvedBy: null,
    });
    expect(record?.context).toMatchObject({
      input: 'Refund ACME-123 for $5000',
      agentId: 'billing',
      sessionId: 's1',
    });
    expect(record?.argsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(record?.expiresAt).toBeGreaterThanOrEqual(now() + 3599);
    const audit = await db.listAudit({ runId: run.runId });
    expect(audit.items.map((entry) => entry.action)).toEqual(['approval-requested']);
  });

  it('blocks the continue while pending, runs the call once when an approver signs off', async () => {
    const { agent, db, executions } = setup(
      (execute) => approval(tool({ name: 'issue_refund', inputSchema: refundSchema, execute })),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const run = await agent.run('Refund', { userId: 'alice' });
    const approvalId = run.requirements[0]?.approvalId as string;
    const pending = await agent.continueRun({ runId: run.runId }).catch((caught: unknown) => caught);
    expect(pending).toBeInstanceOf(ApprovalPendingError);
    expect(pending).toMatchObject({ reason: 'pending', approvalId, runId: run.runId });
    expect(executions).toHaveLength(0);

    await expect(
      db.updateApproval(approvalId, {
        expectedStatus: 'pending',
        status: 'approved',
        resolvedBy: 'alice',
        resolvedAt: now(),
      }),
    ).rejects.toBeInstanceOf(ApprovalForbiddenError);
    await db.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'bob',
      resolvedAt: now(),
    });
    const done = await agent.continueRun({ runId: run.runId });
    expect(done.status).toBe('completed');
    expect(done.content).toBe('refunded');
    expect(executions).toEqual([{ customerId: 'ACME-123', amount: 5000 }]);
    expect((await db.getApproval(approvalId))?.runStatus).toBe('completed');
    const actions = (await db.listAudit({ runId: run.runId })).items.map((entry) => entry.action);
    expect(actions).toEqual(['approval-requested', 'approval-approved', 'tool-executed']);
    expect((await db.verifyAuditLog()).ok).toBe(true);
  });

  it("feeds the approver's rejection reason to the model and never runs the call", async () => {
    const { agent, db, executions } = setup(
      (execute) => approval(tool({ name: 'issue_refund', inputSchema: refundSchema, execute })),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const run = await agent.run('Refund', { userId: 'alice' });
    const approvalId = run.requirements[0]?.approvalId as string;
    await db.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'rejected',
      resolvedBy: 'bob',
      resolvedAt: now(),
      resolutionData: { reason: 'over the monthly limit' },
    });
    const done = await agent.continueRun({ runId: run.runId });
    expect(done.content).toBe('Rejected by the approver (bob): over the monthly limit');
    expect(executions).toHaveLength(0);
  });

  it('treats an expired approval as rejected with the expiry time', async () => {
    const { agent, db, executions } = setup(
      (execute) =>
        approval({ expiresIn: 1 }, tool({ name: 'issue_refund', inputSchema: refundSchema, execute })),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const run = await agent.run('Refund', { userId: 'alice' });
    const approvalId = run.requirements[0]?.approvalId as string;
    await db.expireApprovals(now() + 10);
    expect((await db.getApproval(approvalId))?.status).toBe('expired');
    const done = await agent.continueRun({ runId: run.runId });
    expect(done.content).toMatch(/^Approval expired at \d{4}-\d{2}-\d{2}T/);
    expect(executions).toHaveLength(0);
  });

  it('streams approval-requested at the pause and approval-resolved / approval-expired at the continue', async () => {
    const { agent, db } = setup(
      (execute) =>
        approval(
          { approverRole: 'finance', expiresIn: 60 },
          tool({ name: 'issue_refund', inputSchema: refundSchema, execute }),
        ),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const approvalEvents = (events: { type: string }[]) =>
      events.filter((event) => event.type.startsWith('approval-') || event.type.startsWith('run-'));

    const stream = agent.runStream('Refund', { userId: 'alice' });
    const paused: { type: string }[] = [];
    for await (const event of stream) paused.push(event);
    const run = await stream.output;
    const approvalId = run.requirements[0]?.approvalId as string;
    expect(approvalEvents(paused)).toEqual([
      expect.objectContaining({ type: 'run-started' }),
      expect.objectContaining({
        type: 'approval-requested',
        runId: run.runId,
        approvalId,
        toolName: 'issue_refund',
        approverRole: 'finance',
      }),
      expect.objectContaining({ type: 'run-paused' }),
    ]);
    await db.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'fiona',
      resolvedByRoles: ['finance'],
      resolvedAt: now(),
    });
    const continued: { type: string }[] = [];
    for await (const event of agent.continueRunStream({ runId: run.runId })) continued.push(event);
    expect(approvalEvents(continued)).toEqual([
      expect.objectContaining({ type: 'run-continued' }),
      expect.objectContaining({
        type: 'approval-resolved',
        approvalId,
        status: 'approved',
        resolvedBy: 'fiona',
      }),
      expect.objectContaining({ type: 'run-completed' }),
    ]);

    const second = await agent.run('Refund again', { userId: 'alice' });
    await db.expireApprovals(now() + 120);
    const expired: { type: string }[] = [];
    for await (const event of agent.continueRunStream({ runId: second.runId })) expired.push(event);
    expect(expired).toContainEqual(
      expect.objectContaining({ type: 'approval-expired', approvalId: second.requirements[0]?.approvalId }),
    );
  });

  it('needs both the user and the approver when the tool also requires confirmation', async () => {
    const { agent, db, executions } = setup(
      (execute) =>
        approval(
          tool({ name: 'issue_refund', inputSchema: refundSchema, requiresConfirmation: true, execute }),
        ),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const first = await agent.run('Refund', { userId: 'alice' });
    const approvalId = first.requirements[0]?.approvalId as string;
    await db.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'bob',
      resolvedAt: now(),
    });
    await expect(agent.continueRun({ runId: first.runId })).rejects.toBeInstanceOf(
      RequirementUnresolvedError,
    );
    first.requirements[0]?.confirm();
    await agent.continueRun({ runId: first.runId, requirements: first.requirements });
    expect(executions).toHaveLength(1);

    // The user's rejection wins and cancels the record nobody needs to decide any more.
    const second = await agent.run('Refund again', { userId: 'alice' });
    second.requirements[0]?.reject('changed my mind');
    const done = await agent.continueRun({ runId: second.runId, requirements: second.requirements });
    expect(done.content).toBe('Rejected by the user: changed my mind');
    expect((await db.getApproval(second.requirements[0]?.approvalId as string))?.status).toBe('cancelled');
    expect(executions).toHaveLength(1);
  });

  it('asks for approval only when when() says so', async () => {
    const { agent, db } = setup(
      (execute) =>
        approval(
          { approverRole: 'finance', when: (args) => (args.amount as number) > 1000 },
          tool({ name: 'issue_refund', inputSchema: refundSchema, requiresConfirmation: true, execute }),
        ),
      { customerId: 'ACME-123', amount: 500 },
    );
    const small = await agent.run('Refund $500', { userId: 'alice' });
    expect(small.requirements[0]).toMatchObject({ kind: 'confirmation', approvalId: undefined });
    expect(await db.countApprovals({})).toBe(0);
  });

  it('runs an approved call with the approver edits, keeping both versions in the audit log', async () => {
    const { agent, db, executions } = setup(
      (execute) => approval(tool({ name: 'issue_refund', inputSchema: refundSchema, execute })),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const run = await agent.run('Refund', { userId: 'alice' });
    const approvalId = run.requirements[0]?.approvalId as string;
    await db.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'bob',
      resolvedAt: now(),
      resolutionData: { editedArgs: { amount: 1000 } },
    });
    await agent.continueRun({ runId: run.runId });
    expect(executions).toEqual([{ customerId: 'ACME-123', amount: 1000 }]);
    const executed = (await db.listAudit({ runId: run.runId })).items.find(
      (entry) => entry.action === 'tool-executed',
    );
    expect(executed?.data).toMatchObject({
      requestedArgs: { customerId: 'ACME-123', amount: 5000 },
      executedArgs: { customerId: 'ACME-123', amount: 1000 },
    });
  });

  it('takes user input and external results from the approver', async () => {
    const input = setup(
      (execute) =>
        approval(
          tool({
            name: 'file_ticket',
            inputSchema: z.object({ summary: z.string(), detail: z.string() }),
            userInputFields: ['detail'],
            execute,
          }),
        ),
      { summary: 'printer' },
    );
    const run = await input.agent.run('ticket', { userId: 'alice' });
    await input.db.updateApproval(run.requirements[0]?.approvalId as string, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'bob',
      resolvedAt: now(),
      resolutionData: { values: { detail: 'on fire' } },
    });
    await input.agent.continueRun({ runId: run.runId });
    expect(input.executions).toEqual([{ summary: 'printer', detail: 'on fire' }]);

    const external = setup(
      () =>
        approval(
          tool({
            name: 'submit_change',
            inputSchema: z.object({ payload: z.string() }),
            externalExecution: true,
          }),
        ),
      { payload: 'cab' },
    );
    const changeRun = await external.agent.run('change', { userId: 'alice' });
    await external.db.updateApproval(changeRun.requirements[0]?.approvalId as string, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'bob',
      resolvedAt: now(),
      resolutionData: { result: 'CHG-42 approved by CAB' },
    });
    const done = await external.agent.continueRun({ runId: changeRun.runId });
    expect(done.content).toBe('CHG-42 approved by CAB');
  });
});

describe('audit approval', () => {
  it('never blocks a bare tool and writes an approved record once it ran', async () => {
    const { agent, db, executions } = setup(
      (execute) =>
        approval(
          { type: 'audit' },
          tool({ name: 'export_data', inputSchema: z.object({ customerId: z.string() }), execute }),
        ),
      { customerId: 'ACME-123' },
    );
    const run = await agent.run('Export', { userId: 'alice' });
    expect(run.status).toBe('completed');
    expect(executions).toHaveLength(1);
    const { items } = await db.getApprovals({ runId: run.runId });
    expect(items).toMatchObject([{ type: 'audit', status: 'approved', toolName: 'export_data' }]);
  });

  it('records the user decision of a confirmed tool', async () => {
    const { agent, db } = setup(
      (execute) =>
        approval(
          { type: 'audit' },
          tool({
            name: 'export_data',
            inputSchema: z.object({ customerId: z.string() }),
            requiresConfirmation: true,
            execute,
          }),
        ),
      { customerId: 'ACME-123' },
    );
    const run = await agent.run('Export', { userId: 'alice' });
    expect(await db.countApprovals({ runId: run.runId })).toBe(0);
    run.requirements[0]?.confirm();
    await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    const { items } = await db.getApprovals({ runId: run.runId });
    expect(items).toMatchObject([{ type: 'audit', status: 'approved', resolvedBy: 'alice' }]);
  });
});

describe('fail closed', () => {
  it('keeps the gate on a renamed copy of an approval tool and on streamed runs', async () => {
    const { agent, executions } = setup(
      (execute) => ({
        ...approval(tool({ name: 'issue_refund', inputSchema: refundSchema, execute })),
        name: 'refund_v2',
      }),
      { customerId: 'ACME-123', amount: 5000 },
    );
    const run = await agent.run('Refund', { userId: 'alice' });
    expect(run.status).toBe('paused');
    const stream = agent.runStream('Refund', { userId: 'alice' });
    expect((await stream.output).status).toBe('paused');
    expect(executions).toHaveLength(0);
  });
});
