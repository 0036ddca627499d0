import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../../src/agent/agent.js';
import { approval } from '../../src/approvals/approval.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { DELEGATION_TOOL_NAME } from '../../src/team/delegation.js';
import { Team } from '../../src/team/team.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { call, demoServer } from '../helpers/server.js';

async function teamServer() {
  const db = new SqliteDb({ dbFile: ':memory:' });
  await db.migrate();
  const executions: string[] = [];
  const refund = approval(
    { approverRole: 'finance' },
    tool({
      name: 'issue_refund',
      inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
      execute: ({ orderId, amount }) => {
        executions.push(`${orderId}:${amount}`);
        return `refunded ${amount} on ${orderId}`;
      },
    }),
  );
  const billing = new Agent({
    id: 'billing',
    description: 'Refunds',
    model: new ScriptedModel((context) =>
      context.step === 0
        ? { toolCalls: [{ toolName: 'issue_refund', args: { orderId: 'o-7', amount: 900 } }] }
        : { text: `Billing: ${context.lastToolResults.map((result) => result.text).join(' ')}` },
    ),
    tools: [refund],
  });
  const team = new Team({
    id: 'support',
    name: 'Support',
    model: new ScriptedModel((context) =>
      context.step === 0
        ? {
            toolCalls: [
              { toolName: DELEGATION_TOOL_NAME, args: { memberId: 'billing', task: 'Refund o-7' } },
            ],
          }
        : { text: `Team: ${context.lastToolResults.map((result) => result.text).join(' ')}` },
    ),
    members: [billing],
    db,
  });
  const { os } = await demoServer({ db, agents: [], teams: [team] });
  return { os, db, executions };
}

describe('a Team served by AgentOS', () => {
  it('pauses on a member’s approval, and resolving the member’s record continues the team run', async () => {
    const { os, executions } = await teamServer();
    const created = await call(os, 'POST', '/teams/support/runs', {
      user: 'alice',
      body: { message: 'Refund order o-7' },
    });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe('paused');
    const teamRunId = created.body.runId;
    const pending = await call(os, 'GET', '/approvals?status=pending', { user: 'fiona', roles: ['finance'] });
    expect(pending.body.items).toHaveLength(1);
    const record = pending.body.items[0];
    expect(record).toMatchObject({
      teamId: 'support',
      agentId: 'billing',
      sourceType: 'team',
      requestedBy: 'alice',
    });
    expect(record.runId).not.toBe(teamRunId);

    const self = await call(os, 'POST', `/approvals/${record.id}/resolve`, {
      user: 'alice',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    expect(self.status).toBe(403);
    const resolved = await call(os, 'POST', `/approvals/${record.id}/resolve`, {
      user: 'fiona',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    expect(resolved.status).toBe(200);
    expect(executions).toEqual(['o-7:900']);
    const run = await call(os, 'GET', `/teams/support/runs/${teamRunId}`, { user: 'alice' });
    expect(run.body.status).toBe('completed');
    expect(run.body.content).toBe('Team: Billing: refunded 900 on o-7');
  });
});
