import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { approval } from '../approvals/approval.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import type { Store } from '../db/store.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';
import type { SpanRecord } from './span-record.js';

const lookup = tool({
  name: 'lookup',
  inputSchema: z.object({ id: z.string() }),
  execute: ({ id }) => `status of ${id}: degraded`,
});
const restart = tool({
  name: 'restart_service',
  inputSchema: z.object({ serviceName: z.string() }),
  requiresConfirmation: true,
  execute: ({ serviceName }) => `restarted ${serviceName}`,
});
const refund = approval(
  { approverRole: 'finance' },
  tool({ name: 'refund', inputSchema: z.object({ amount: z.number() }), execute: () => 'refunded' }),
);

/** Looks the service up, asks to restart it (paused), then answers. */
function opsModel() {
  return new ScriptedModel(
    [
      {
        toolCalls: [
          { toolName: 'lookup', args: { id: 'billing' } },
          { toolName: 'restart_service', args: { serviceName: 'billing' } },
        ],
        usage: { inputTokens: 120, outputTokens: 30 },
      },
      { text: 'Billing was restarted.', usage: { inputTokens: 200, outputTokens: 12 } },
    ],
    { provider: 'openai.chat', modelId: 'gpt-4o-mini' },
  );
}

function byName(spans: SpanRecord[], name: string): SpanRecord[] {
  return spans.filter((span) => span.name === name);
}

/** The run's trace as stored, once the agent's spans are written (they are written on the next tick). */
async function traceOf(agent: Agent, store: Store, runId: string) {
  await agent.flushTraces();
  const { items } = await store.listTraces({ runId });
  expect(items).toHaveLength(1);
  const detail = await store.getTrace(items[0]?.traceId as string);
  if (detail === null) throw new Error('the trace was not stored');
  return detail;
}

describe('run traces', () => {
  it('stores invoke_agent > chat and execute_tool spans for a run that pauses and continues', async () => {
    const db = new InMemoryDb();
    const agent = new Agent({
      id: 'ops',
      name: 'Ops',
      model: opsModel(),
      tools: [lookup, restart],
      db,
      tracing: true,
    });
    const run = await agent.run('Restart billing if it is degraded', { userId: 'u1', sessionId: 's1' });
    expect(run.isPaused).toBe(true);

    const paused = await traceOf(agent, db, run.runId);
    expect(paused.spans.map((span) => span.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'execute_tool lookup',
      'execute_tool restart_service',
      'invoke_agent Ops',
    ]);
    const [leg] = byName(paused.spans, 'invoke_agent Ops') as [SpanRecord];
    expect(leg).toMatchObject({
      parentSpanId: null,
      kind: 'internal',
      status: 'unset',
      runId: run.runId,
      agentId: 'ops',
      sessionId: 's1',
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.id': 'ops',
        'gen_ai.agent.name': 'Ops',
        'gen_ai.conversation.id': 's1',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
        'countersign.run.status': 'paused',
        'countersign.run.leg': 'start',
      },
    });
    for (const span of paused.spans) {
      expect(span.traceId).toBe(leg.traceId);
      if (span !== leg) expect(span.parentSpanId).toBe(leg.spanId);
      expect(span.endTime).toBeGreaterThanOrEqual(span.startTime);
      expect(span.durationMs).toBeCloseTo(span.endTime - span.startTime, 6);
    }
    expect(byName(paused.spans, 'chat gpt-4o-mini')[0]).toMatchObject({
      kind: 'client',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
        'gen_ai.response.finish_reasons': ['tool_calls'],
      },
    });
    expect(byName(paused.spans, 'execute_tool lookup')[0]?.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.call.id': 'call_0_0',
      'gen_ai.tool.type': 'function',
      'countersign.tool.outcome': 'executed',
    });
    const requirement = run.requirements[0];
    expect(byName(paused.spans, 'execute_tool restart_service')[0]?.attributes).toMatchObject({
      'gen_ai.tool.call.id': 'call_0_1',
      'countersign.tool.paused': true,
      'countersign.tool.outcome': 'paused',
      'countersign.requirement.kind': 'confirmation',
      'countersign.requirement.id': requirement?.id,
    });
    expect(paused.trace).toMatchObject({
      traceId: leg.traceId,
      runId: run.runId,
      name: 'invoke_agent Ops',
      spanCount: 4,
      status: 'ok',
      totalTokens: 150,
    });

    // The continuation: a fresh agent (as in another process) sharing the db.
    requirement?.confirm();
    const other = new Agent({
      id: 'ops',
      name: 'Ops',
      model: opsModel(),
      tools: [lookup, restart],
      db,
      tracing: true,
    });
    const done = await other.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.status).toBe('completed');

    const whole = await traceOf(other, db, run.runId);
    expect(whole.trace).toMatchObject({ traceId: leg.traceId, spanCount: 7, totalTokens: 362, status: 'ok' });
    const legs = byName(whole.spans, 'invoke_agent Ops');
    expect(legs).toHaveLength(2);
    const second = legs.find((span) => span.spanId !== leg.spanId) as SpanRecord;
    expect(second).toMatchObject({
      traceId: leg.traceId,
      parentSpanId: leg.spanId,
      attributes: {
        'countersign.run.leg': 'continue',
        'countersign.run.status': 'completed',
        'gen_ai.usage.input_tokens': 200,
        'gen_ai.usage.output_tokens': 12,
      },
    });
    const children = whole.spans.filter((span) => span.parentSpanId === second.spanId);
    expect(children.map((span) => span.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'execute_tool restart_service',
    ]);
    expect(children.find((span) => span.name === 'execute_tool restart_service')?.attributes).toMatchObject({
      'gen_ai.tool.call.id': 'call_0_1',
      'countersign.tool.outcome': 'executed',
      'countersign.tool.decision': 'confirmed',
      'countersign.decision.source': 'user',
      'countersign.requirement.id': requirement?.id,
    });
    expect(children.find((span) => span.name === 'chat gpt-4o-mini')?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 200,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it("records an approver's rejection and the approval id on the continued call's span", async () => {
    const db = new InMemoryDb();
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'refund', args: { amount: 5000 } }] },
      { text: 'The refund was declined.' },
    ]);
    const agent = new Agent({ id: 'billing', model, tools: [refund], db, tracing: true });
    const run = await agent.run('Refund 5000', { userId: 'alice' });
    const approvalId = run.requirements[0]?.approvalId as string;
    const paused = await traceOf(agent, db, run.runId);
    expect(byName(paused.spans, 'execute_tool refund')[0]?.attributes).toMatchObject({
      'countersign.tool.paused': true,
      'countersign.approval.id': approvalId,
      'countersign.approval.type': 'required',
    });
    await db.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'rejected',
      resolvedBy: 'bob',
      resolvedByRoles: ['finance'],
      resolvedAt: Math.floor(Date.now() / 1000),
      resolutionData: { reason: 'too large' },
    });
    await agent.continueRun({ runId: run.runId });
    const { spans } = await traceOf(agent, db, run.runId);
    const decided = byName(spans, 'execute_tool refund').find(
      (span) => span.attributes['countersign.tool.paused'] !== true,
    );
    expect(decided?.status).toBe('unset');
    expect(decided?.attributes).toMatchObject({
      'countersign.tool.outcome': 'rejected',
      'countersign.tool.decision': 'rejected',
      'countersign.decision.source': 'approver',
      'countersign.approval.id': approvalId,
    });
  });

  it('marks a failed model call and its leg as errors, and a failing tool as a tool error', async () => {
    const db = new InMemoryDb();
    const broken = tool({
      name: 'broken',
      inputSchema: z.object({}),
      execute: () => {
        throw new Error('disk full');
      },
    });
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'broken' }, { toolName: 'missing' }] },
      { error: new Error('rate limited') },
    ]);
    const agent = new Agent({ id: 'ops', model, tools: [broken], db, tracing: true });
    await expect(agent.run('go')).rejects.toThrow(/rate limited/);
    const [stored] = (await db.listRuns()).items;
    const { trace, spans } = await traceOf(agent, db, stored?.document.runId as string);
    expect(trace.status).toBe('error');
    expect(byName(spans, 'invoke_agent ops')[0]).toMatchObject({
      status: 'error',
      attributes: { 'error.type': 'ModelError', 'countersign.run.status': 'error' },
    });
    const chats = byName(spans, 'chat scripted-model');
    expect(chats.map((span) => span.status).sort()).toEqual(['error', 'unset']);
    expect(chats.find((span) => span.status === 'error')?.statusMessage).toMatch(/rate limited/);
    expect(byName(spans, 'execute_tool broken')[0]).toMatchObject({
      status: 'error',
      statusMessage: 'Error: disk full',
      attributes: { 'error.type': 'tool_error', 'countersign.tool.outcome': 'failed' },
    });
    expect(byName(spans, 'execute_tool missing')[0]).toMatchObject({
      status: 'error',
      attributes: { 'error.type': 'invalid', 'countersign.tool.outcome': 'invalid' },
    });
  });

  it('stores traces in a separate store, or nowhere when tracing is off', async () => {
    const runs = new InMemoryDb();
    const traces = new InMemoryDb();
    const model = new ScriptedModel([{ text: 'Hello.' }]);
    const separate = new Agent({ id: 'a', model, db: runs, tracing: { store: traces } });
    const run = await separate.run('hi');
    await separate.flushTraces();
    expect((await runs.listTraces()).items).toEqual([]);
    expect((await traces.listTraces({ runId: run.runId })).items).toHaveLength(1);
    expect((await runs.getRun(run.runId))?.document.trace?.traceId).toBe(
      (await traces.listTraces()).items[0]?.traceId,
    );

    const off = new Agent({ id: 'b', model, db: runs, tracing: false });
    const untraced = await off.run('hi');
    await off.flushTraces();
    expect((await runs.listTraces()).items).toEqual([]);
    expect((await runs.getRun(untraced.runId))?.document.trace).toBeUndefined();
  });

  it('keeps the run going when the trace store fails, and reports the failure', async () => {
    const traces = new InMemoryDb();
    await traces.close();
    const errors: unknown[] = [];
    const agent = new Agent({
      id: 'a',
      model: new ScriptedModel([{ text: 'Hello.' }]),
      db: new InMemoryDb(),
      tracing: { store: traces, onError: (error) => errors.push(error) },
    });
    const run = await agent.run('hi');
    expect(run.status).toBe('completed');
    expect(errors).toEqual([]);
    await agent.flushTraces();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/closed/);
  });
});
