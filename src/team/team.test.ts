import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { approval } from '../approvals/approval.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import type { Store } from '../db/store.js';
import { ApprovalPendingError } from '../errors/approval-pending-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { RunNotFoundError } from '../errors/run-not-found-error.js';
import type { RunEvent } from '../run/run-events.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';
import { DELEGATION_TOOL_NAME } from './delegation.js';
import { Team } from './team.js';

const refundSchema = z.object({ orderId: z.string(), amount: z.number() });
const now = () => Math.floor(Date.now() / 1000);

/** A billing member whose refund needs finance's approval, and a team that delegates to it. */
function setup(options: { db?: Store; teamTool?: 'approval' | 'confirm' } = {}) {
  const executions: string[] = [];
  const refund = approval(
    { approverRole: 'finance' },
    tool({
      name: 'issue_refund',
      inputSchema: refundSchema,
      execute: ({ orderId, amount }) => {
        executions.push(`refund ${orderId} ${amount}`);
        return `refunded ${amount} on ${orderId}`;
      },
    }),
  );
  const memberModel = new ScriptedModel((context) =>
    context.step === 0
      ? { toolCalls: [{ toolName: 'issue_refund', args: { orderId: 'o-42', amount: 1500 } }] }
      : { text: `Billing: ${context.lastToolResults.map((result) => result.text).join(' | ')}` },
  );
  const billing = new Agent({
    id: 'billing',
    name: 'Billing',
    description: 'Refunds and invoices',
    model: memberModel,
    tools: [refund],
  });
  const teamTools =
    options.teamTool === undefined
      ? []
      : [
          (() => {
            const base = tool({
              name: 'notify_customer',
              inputSchema: z.object({ orderId: z.string() }),
              requiresConfirmation: options.teamTool === 'confirm',
              execute: ({ orderId }) => {
                executions.push(`notify ${orderId}`);
                return `notified ${orderId}`;
              },
            });
            return options.teamTool === 'approval' ? approval({ approverRole: 'support-lead' }, base) : base;
          })(),
        ];
  const teamModel = new ScriptedModel((context) => {
    if (context.step === 0) {
      const calls = [
        { toolName: DELEGATION_TOOL_NAME, args: { memberId: 'billing', task: 'Refund order o-42 (1500).' } },
      ];
      if (options.teamTool !== undefined)
        calls.push({ toolName: 'notify_customer', args: { orderId: 'o-42' } as never });
      return { toolCalls: calls };
    }
    return { text: `Team: ${context.lastToolResults.map((result) => result.text).join(' || ')}` };
  });
  const db = options.db ?? new InMemoryDb();
  const team = new Team({
    id: 'support',
    name: 'Support',
    model: teamModel,
    members: [billing],
    tools: teamTools,
    db,
  });
  return { team, db, executions, billing };
}

async function approveAll(db: Store, runId?: string) {
  const { items } = await db.getApprovals({ status: 'pending' });
  for (const record of items) {
    if (runId !== undefined && record.runId !== runId) continue;
    await db.updateApproval(record.id, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'fiona',
      resolvedByRoles: ['finance', 'support-lead'],
      resolvedAt: now(),
    });
  }
}

describe('Team', () => {
  it('pauses the team run when a member pauses, with records naming the team and the member', async () => {
    const { team, db, executions } = setup();
    const run = await team.run('Refund order o-42', { userId: 'alice', sessionId: 's1' });
    expect(run.status).toBe('paused');
    expect(run.teamId).toBe('support');
    expect(executions).toEqual([]);
    const [requirement] = run.activeRequirements;
    expect(requirement).toMatchObject({ toolName: 'issue_refund', approvalType: 'required' });
    expect(requirement?.member).toMatchObject({ agentId: 'billing', agentName: 'Billing' });
    const memberRunId = requirement?.member?.runId as string;
    expect(memberRunId).not.toBe(run.runId);

    const { items } = await db.getApprovals({ status: 'pending', teamId: 'support' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      runId: memberRunId,
      teamId: 'support',
      agentId: 'billing',
      sourceType: 'team',
      requestedBy: 'alice',
      sessionId: 's1',
      toolName: 'issue_refund',
    });
    const member = await db.getRun(memberRunId);
    expect(member?.document).toMatchObject({ status: 'paused', parentRunId: run.runId, teamId: 'support' });
  });

  it("stores a member's pause only with the team's: a crash in between leaves no orphan member run", async () => {
    // The process dies at the team's pause write (after the member paused in memory).
    const db = new InMemoryDb();
    const crashing = Object.create(db) as InMemoryDb;
    crashing.saveRun = async (document, options) => {
      if (document.teamId === 'support' && document.agentId === 'support' && document.status === 'paused') {
        throw new Error('the process died');
      }
      return db.saveRun(document, options);
    };
    const { team } = setup({ db: crashing });
    await expect(team.run('Refund order o-42', { userId: 'alice' })).rejects.toThrow(/the process died/);
    // The failed write is all or nothing: no member run, no pending record, no audit entry of
    // them (the team run itself is recorded as failed, as any run whose write failed).
    const runs = (await db.listRuns({})).items.map((run) => [run.document.agentId, run.document.status]);
    expect(runs).toEqual([['support', 'error']]);
    expect(await db.countApprovals({ status: 'pending' })).toBe(0);
    expect((await db.listAudit({ limit: 10 })).items).toEqual([]);
  });

  it('continues the member exactly where it paused, once, then the team', async () => {
    const { team, db, executions } = setup();
    const run = await team.run('Refund order o-42', { userId: 'alice' });
    await expect(team.continueRun({ runId: run.runId })).rejects.toBeInstanceOf(ApprovalPendingError);
    await approveAll(db);
    const done = await team.continueRun({ runId: run.runId });
    expect(done.status).toBe('completed');
    expect(done.content).toBe('Team: Billing: refunded 1500 on o-42');
    expect(executions).toEqual(['refund o-42 1500']);
    const memberRunId = run.activeRequirements[0]?.member?.runId as string;
    expect((await db.getRun(memberRunId))?.document.status).toBe('completed');
    await expect(team.continueRun({ runId: run.runId })).rejects.toBeInstanceOf(RunConflictError);
    const audit = await db.listAudit({ runId: memberRunId });
    expect(audit.items.map((entry) => entry.action)).toEqual([
      'approval-requested',
      'approval-approved',
      'tool-executed',
    ]);
  });

  it('lets many concurrent team continues execute the member call once', async () => {
    const { team, db, executions } = setup();
    const run = await team.run('Refund order o-42', { userId: 'alice' });
    await approveAll(db);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => team.continueRun({ runId: run.runId })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(RunConflictError);
    }
    expect(executions).toEqual(['refund o-42 1500']);
  });

  it('tells the team model about a member call the approver rejected, with the reason', async () => {
    const { team, db, executions } = setup();
    const run = await team.run('Refund order o-42', { userId: 'alice' });
    const [record] = (await db.getApprovals({ status: 'pending' })).items;
    await db.updateApproval(record?.id as string, {
      expectedStatus: 'pending',
      status: 'rejected',
      resolvedBy: 'fiona',
      resolvedByRoles: ['finance'],
      resolvedAt: now(),
      resolutionData: { reason: 'over the limit' },
    });
    const done = await team.continueRun({ runId: run.runId });
    expect(done.content).toBe('Team: Billing: Rejected by the approver (fiona): over the limit');
    expect(executions).toEqual([]);
  });

  it('pauses on gated tools of the team and of a member together, resolved one at a time', async () => {
    const { team, db, executions } = setup({ teamTool: 'confirm' });
    const run = await team.run('Refund and notify', { userId: 'alice' });
    expect(run.status).toBe('paused');
    const names = run.activeRequirements.map((requirement) => [
      requirement.toolName,
      requirement.member?.agentId,
    ]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['issue_refund', 'billing'],
        ['notify_customer', undefined],
      ]),
    );
    for (const requirement of run.activeRequirements)
      if (requirement.needsConfirmation && !requirement.approvalType) requirement.confirm();
    await expect(
      team.continueRun({ runId: run.runId, requirements: run.requirements }),
    ).rejects.toBeInstanceOf(ApprovalPendingError);
    await approveAll(db);
    const done = await team.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.status).toBe('completed');
    expect(executions.sort()).toEqual(['notify o-42', 'refund o-42 1500']);
    expect(done.content).toContain('Billing: refunded 1500 on o-42');
    expect(done.content).toContain('notified o-42');
  });

  it('pauses on an approval tool of the team itself, with a team record', async () => {
    const { team, db } = setup({ teamTool: 'approval' });
    const run = await team.run('Refund and notify', { userId: 'alice' });
    const { items } = await db.getApprovals({ status: 'pending' });
    const teamRecord = items.find((record) => record.toolName === 'notify_customer');
    expect(teamRecord).toMatchObject({
      runId: run.runId,
      teamId: 'support',
      agentId: 'support',
      sourceType: 'team',
    });
    await approveAll(db);
    const done = await team.continueRun({ runId: run.runId });
    expect(done.status).toBe('completed');
  });

  it('resumes a paused team run from a new Team on the same db (another process)', async () => {
    const db = new InMemoryDb();
    const first = setup({ db });
    const run = await first.team.run('Refund order o-42', { userId: 'alice' });
    await approveAll(db);
    const second = setup({ db });
    const loaded = await second.team.getRun(run.runId);
    expect(loaded?.isPaused).toBe(true);
    const done = await second.team.continueRun({ runId: run.runId });
    expect(done.status).toBe('completed');
    expect(first.executions).toEqual([]);
    expect(second.executions).toEqual(['refund o-42 1500']);
  });

  it('keeps member runs out of the member agent’s own continueRun and the team’s runs out of getRun of agents', async () => {
    const { team, db, billing } = setup();
    const run = await team.run('Refund order o-42', { userId: 'alice' });
    await approveAll(db);
    const memberRunId = run.activeRequirements[0]?.member?.runId as string;
    const standalone = new Agent({ id: 'billing', model: new ScriptedModel([]), tools: billing.tools, db });
    await expect(standalone.continueRun({ runId: memberRunId })).rejects.toBeInstanceOf(RunNotFoundError);
    expect(await standalone.getRun(memberRunId)).toBeNull();
    expect(await team.getRun(memberRunId)).toBeNull();
  });

  it('streams the member’s events inside the team’s', async () => {
    const { team, db } = setup();
    const stream = team.runStream('Refund order o-42', { userId: 'alice' });
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const started = events.filter((event) => event.type === 'run-started');
    expect(started.map((event) => (event as { agentId: string }).agentId)).toEqual(['support', 'billing']);
    expect(events.at(-1)?.type).toBe('run-paused');
    await approveAll(db);
    const continued: RunEvent[] = [];
    for await (const event of team.continueRunStream({ runId: (await stream.output).runId }))
      continued.push(event);
    expect(continued.filter((event) => event.type === 'run-completed')).toHaveLength(2);
  });

  it('refuses bad team configurations with a clear error', () => {
    const model = new ScriptedModel([]);
    const member = new Agent({ id: 'billing', model });
    expect(() => new Team({ model, members: [] })).toThrow(ConfigurationError);
    expect(() => new Team({ model, members: [member, member] })).toThrow(/unique id/);
    expect(() => new Team({ id: 'billing', model, members: [member] })).toThrow(/unique id/);
    expect(
      () =>
        new Team({
          model,
          members: [member],
          tools: [tool({ name: DELEGATION_TOOL_NAME, inputSchema: z.object({}), execute: () => 'x' })],
        }),
    ).toThrow(/reserved/);
  });
});

describe('Team hooks', () => {
  it('screens the team run’s input with its pre-hooks and runs its post-hooks when it completes', async () => {
    const seen: string[] = [];
    const { team, db } = setup();
    const guarded = new Team({
      id: 'guarded',
      model: new ScriptedModel([{ text: 'All done.' }]),
      members: team.members,
      db,
      preHooks: [({ input }) => input.replace('secret-42', '[REDACTED]')],
      postHooks: [
        ({ runOutput }) => {
          seen.push(runOutput.content ?? '');
        },
      ],
    });
    const run = await guarded.run('Handle secret-42 please', { userId: 'alice' });
    expect(run.status).toBe('completed');
    expect(run.input).toBe('Handle [REDACTED] please');
    expect(seen).toEqual(['All done.']);
  });
});
