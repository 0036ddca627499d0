import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { RequirementUnresolvedError } from '../errors/requirement-unresolved-error.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { RunNotFoundError } from '../errors/run-not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { type ToolExecuteContext, tool } from '../tools/tool.js';
import { Agent } from './agent.js';

/** Tools that count their real executions, as a user would notice side effects. */
function makeTools() {
  const executions: { name: string; args: unknown; context: ToolExecuteContext }[] = [];
  const record = (name: string) => (args: unknown, context: ToolExecuteContext) => {
    executions.push({ name, args, context });
    return `${name} done`;
  };
  const tools = {
    lookup: tool({ name: 'lookup', inputSchema: z.object({ id: z.string() }), execute: record('lookup') }),
    restart: tool({
      name: 'restart',
      inputSchema: z.object({ service: z.string() }),
      requiresConfirmation: true,
      execute: record('restart'),
    }),
    remove: tool({
      name: 'remove',
      inputSchema: z.object({ path: z.string() }),
      requiresConfirmation: true,
      execute: record('remove'),
    }),
    ticket: tool({
      name: 'ticket',
      inputSchema: z.object({ summary: z.string(), description: z.string().min(3) }),
      userInputFields: ['description'],
      execute: record('ticket'),
    }),
    change: tool({
      name: 'change',
      inputSchema: z.object({ payload: z.record(z.string(), z.unknown()) }),
      externalExecution: true,
    }),
    idempotentRestart: tool({
      name: 'restart',
      inputSchema: z.object({ service: z.string() }),
      requiresConfirmation: true,
      idempotent: true,
      execute: record('restart'),
    }),
  };
  return { tools, executions };
}

/** The model echoes the last tool results it saw, so tests can read what reached it. */
function echoingModel(first: ScriptedModelTurns) {
  return new ScriptedModel((context) =>
    context.step === 0
      ? first
      : { text: context.lastToolResults.map((result) => `${result.toolName}: ${result.text}`).join(' | ') },
  );
}
type ScriptedModelTurns = { toolCalls: { toolName: string; args?: Record<string, unknown> }[] };

describe('pause and continue', () => {
  it('pauses gated calls, runs ungated ones of the same step, and lists the requirements', async () => {
    const { tools, executions } = makeTools();
    const db = new InMemoryDb();
    const agent = new Agent({
      id: 'ops',
      db,
      tools: [tools.lookup, tools.restart],
      model: echoingModel({
        toolCalls: [
          { toolName: 'lookup', args: { id: '7' } },
          { toolName: 'restart', args: { service: 'billing' } },
        ],
      }),
    });
    const run = await agent.run('check 7 and restart billing', { userId: 'u1' });
    expect(run.status).toBe('paused');
    expect(run.isPaused).toBe(true);
    expect(executions.map((execution) => execution.name)).toEqual(['lookup']);
    expect(run.activeRequirements).toHaveLength(1);
    const [requirement] = run.activeRequirements;
    expect(requirement).toMatchObject({
      kind: 'confirmation',
      needsConfirmation: true,
      needsUserInput: false,
      needsExternalExecution: false,
      toolName: 'restart',
      toolArgs: { service: 'billing' },
      toolCallId: 'call_0_1',
      isResolved: false,
    });
    expect((await db.getRun(run.runId))?.document.status).toBe('paused');

    requirement?.confirm();
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.status).toBe('completed');
    // Results reach the model in the model's call order, the ungated one included.
    expect(done.content).toBe('lookup: lookup done | restart: restart done');
    expect(executions.map((execution) => execution.name)).toEqual(['lookup', 'restart']);
  });

  it('lets several gated calls be resolved one at a time; an unresolved one blocks the continue and runs nothing', async () => {
    const { tools, executions } = makeTools();
    const agent = new Agent({
      id: 'ops',
      tools: [tools.restart, tools.remove],
      model: echoingModel({
        toolCalls: [
          { toolName: 'restart', args: { service: 'a' } },
          { toolName: 'remove', args: { path: '/tmp/x' } },
        ],
      }),
    });
    const run = await agent.run('do both');
    expect(run.activeRequirements.map((requirement) => requirement.toolName)).toEqual(['restart', 'remove']);
    run.activeRequirements[0]?.confirm();
    expect(run.activeRequirements.map((requirement) => requirement.toolName)).toEqual(['remove']);
    const error = await agent
      .continueRun({ runId: run.runId, requirements: run.requirements })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequirementUnresolvedError);
    expect((error as Error).message).toMatch(/remove, call call_0_1/);
    expect(executions).toHaveLength(0);
    expect((await agent.getRun(run.runId))?.status).toBe('paused');

    run.activeRequirements[0]?.reject('not that directory');
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('restart: restart done | remove: Rejected by the user: not that directory');
    expect(executions.map((execution) => execution.name)).toEqual(['restart']);
    expect(done.toolCalls.map((call) => call.outcome)).toEqual(['executed', 'rejected']);
  });

  it('feeds a rejection without a reason to the model and goes on', async () => {
    const { tools, executions } = makeTools();
    const agent = new Agent({
      id: 'ops',
      tools: [tools.restart],
      model: echoingModel({ toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] }),
    });
    const run = await agent.run('restart a');
    run.requirements[0]?.reject();
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('restart: Rejected by the user');
    expect(executions).toHaveLength(0);
  });

  it('collects user input for the hidden fields and runs the tool with the merged arguments', async () => {
    const { tools, executions } = makeTools();
    const agent = new Agent({
      id: 'help',
      tools: [tools.ticket],
      model: echoingModel({ toolCalls: [{ toolName: 'ticket', args: { summary: 'Printer' } }] }),
    });
    const run = await agent.run('file a ticket');
    const [requirement] = run.activeRequirements;
    expect(requirement?.needsUserInput).toBe(true);
    expect(requirement?.userInputSchema).toEqual([{ name: 'description', type: 'string' }]);
    expect(run.content).toBe('I need some information from you to run ticket: description.');
    // Too short for the tool's schema: refused at continue, nothing runs, the run stays paused.
    requirement?.provideUserInput({ description: 'no' });
    await expect(agent.continueRun({ runId: run.runId, requirements: run.requirements })).rejects.toThrow(
      /description/,
    );
    expect((await agent.getRun(run.runId))?.status).toBe('paused');
    const fresh = await agent.getRun(run.runId);
    fresh?.requirements[0]?.provideUserInput({ description: 'It is on fire' });
    const done = await agent.continueRun({ runId: run.runId, requirements: fresh?.requirements });
    expect(done.status).toBe('completed');
    expect(executions[0]?.args).toEqual({ summary: 'Printer', description: 'It is on fire' });
  });

  it('takes an external execution result without running anything locally', async () => {
    const { tools } = makeTools();
    const agent = new Agent({
      id: 'ops',
      tools: [tools.change],
      model: echoingModel({ toolCalls: [{ toolName: 'change', args: { payload: { cab: 1 } } }] }),
    });
    const run = await agent.run('submit the change');
    expect(run.content).toBe('Waiting for an external system to run change.');
    run.activeRequirements[0]?.setExternalExecutionResult({ ticket: 'CHG-9', state: 'approved' });
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('change: {"ticket":"CHG-9","state":"approved"}');
    expect(done.toolCalls[0]?.outcome).toBe('external');
  });

  it('runs a confirmed call with edited arguments, validated against the schema', async () => {
    const { tools, executions } = makeTools();
    const agent = new Agent({
      id: 'ops',
      tools: [tools.restart],
      model: echoingModel({ toolCalls: [{ toolName: 'restart', args: { service: 'prod' } }] }),
    });
    const run = await agent.run('restart prod');
    run.requirements[0]?.confirm({ editedArgs: { service: 42 } });
    await expect(
      agent.continueRun({ runId: run.runId, requirements: run.requirements }),
    ).rejects.toBeInstanceOf(ValidationError);
    const fresh = await agent.getRun(run.runId);
    fresh?.requirements[0]?.confirm({ editedArgs: { service: 'staging' } });
    await agent.continueRun({ runId: run.runId, requirements: fresh?.requirements });
    expect(executions[0]?.args).toEqual({ service: 'staging' });
  });

  it('accepts decisions as plain JSON, as an HTTP client sends them', async () => {
    const { tools, executions } = makeTools();
    const agent = new Agent({
      id: 'ops',
      tools: [tools.restart],
      model: echoingModel({ toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] }),
    });
    const run = await agent.run('restart a');
    run.requirements[0]?.confirm();
    const requirements = JSON.parse(JSON.stringify(run.requirements));
    await agent.continueRun({ runId: run.runId, requirements });
    expect(executions).toHaveLength(1);
  });

  it('pauses again when a later step calls another gated tool', async () => {
    const { tools, executions } = makeTools();
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] },
      { toolCalls: [{ toolName: 'restart', args: { service: 'b' } }] },
      { text: 'Both restarted.' },
    ]);
    const agent = new Agent({ id: 'ops', tools: [tools.restart], model });
    const first = await agent.run('restart a then b');
    first.requirements[0]?.confirm();
    const second = await agent.continueRun({ runId: first.runId, requirements: first.requirements });
    expect(second.status).toBe('paused');
    expect(second.activeRequirements[0]?.toolArgs).toEqual({ service: 'b' });
    second.requirements[0]?.confirm();
    const done = await agent.continueRun({ runId: first.runId, requirements: second.requirements });
    expect(done.content).toBe('Both restarted.');
    expect(executions.map((execution) => execution.args)).toEqual([{ service: 'a' }, { service: 'b' }]);
  });

  it('resumes from the store in a fresh agent with fresh tool objects', async () => {
    const db = new InMemoryDb();
    const first = makeTools();
    const model = echoingModel({ toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] });
    const run = await new Agent({ id: 'ops', db, tools: [first.tools.restart], model }).run('restart a', {
      userId: 'u1',
    });
    const second = makeTools();
    const agent = new Agent({ id: 'ops', db, tools: [second.tools.restart], model });
    const loaded = await agent.getRun(run.runId);
    expect(loaded?.activeRequirements[0]?.toolName).toBe('restart');
    loaded?.activeRequirements[0]?.confirm();
    const done = await agent.continueRun({ runId: run.runId, requirements: loaded?.requirements });
    expect(done.status).toBe('completed');
    expect(first.executions).toHaveLength(0);
    expect(second.executions).toHaveLength(1);
    expect(second.executions[0]?.context).toMatchObject({
      runId: run.runId,
      userId: 'u1',
      agentId: 'ops',
      toolCallId: 'call_0_0',
      idempotencyKey: `${run.runId}:call_0_0`,
    });
    // Another agent id cannot see or continue the run.
    const other = new Agent({ id: 'other', db, tools: [second.tools.restart], model });
    expect(await other.getRun(run.runId)).toBeNull();
    await expect(other.continueRun({ runId: run.runId })).rejects.toBeInstanceOf(RunNotFoundError);
  });

  it('executes the approved call once when many continues race; the losers get RunConflictError', async () => {
    const { tools, executions } = makeTools();
    const agent = new Agent({
      id: 'ops',
      tools: [tools.restart],
      model: echoingModel({ toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] }),
    });
    const run = await agent.run('restart a');
    run.requirements[0]?.confirm();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        agent.continueRun({ runId: run.runId, requirements: run.requirements }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(losers).toHaveLength(19);
    for (const loser of losers)
      expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(RunConflictError);
    expect(executions).toHaveLength(1);
    await expect(agent.continueRun({ runId: run.runId, requirements: run.requirements })).rejects.toThrow(
      /status is 'completed'/,
    );
  });

  it('reports unknown runs with RunNotFoundError', async () => {
    const { tools } = makeTools();
    const agent = new Agent({ id: 'ops', tools: [tools.restart], model: new ScriptedModel([]) });
    await expect(agent.continueRun({ runId: 'nope' })).rejects.toBeInstanceOf(RunNotFoundError);
    await expect(agent.continueRun({ runId: '' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('reuses a journaled result instead of executing again, and reports an interrupted call in doubt', async () => {
    const db = new InMemoryDb();
    const { tools, executions } = makeTools();
    const model = echoingModel({ toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] });
    const agent = new Agent({ id: 'ops', db, tools: [tools.restart], model });

    // A previous attempt stored its result before the process died: reused, not re-run.
    const completedRun = await agent.run('restart a');
    await db.beginToolExecution({
      runId: completedRun.runId,
      toolCallId: 'call_0_0',
      toolName: 'restart',
      startedAt: Date.now(),
    });
    await db.completeToolExecution({
      runId: completedRun.runId,
      toolCallId: 'call_0_0',
      result: 'restart done earlier',
      isError: false,
      completedAt: Date.now(),
    });
    completedRun.requirements[0]?.confirm();
    const reused = await agent.continueRun({
      runId: completedRun.runId,
      requirements: completedRun.requirements,
    });
    expect(reused.content).toBe('restart: restart done earlier');
    expect(executions).toHaveLength(0);

    // A previous attempt started and never finished: in doubt, not repeated.
    const doubtful = await agent.run('restart a');
    await db.beginToolExecution({
      runId: doubtful.runId,
      toolCallId: 'call_0_0',
      toolName: 'restart',
      startedAt: Date.now(),
    });
    doubtful.requirements[0]?.confirm();
    const inDoubt = await agent.continueRun({ runId: doubtful.runId, requirements: doubtful.requirements });
    expect(inDoubt.toolCalls[0]?.outcome).toBe('in_doubt');
    expect(inDoubt.content).toMatch(/may or may not have taken effect/);
    expect(executions).toHaveLength(0);

    // The same for a tool declared idempotent: re-run.
    const idempotentAgent = new Agent({ id: 'ops', db, tools: [tools.idempotentRestart], model });
    const retried = await idempotentAgent.run('restart a');
    await db.beginToolExecution({
      runId: retried.runId,
      toolCallId: 'call_0_0',
      toolName: 'restart',
      startedAt: Date.now(),
    });
    retried.requirements[0]?.confirm();
    await idempotentAgent.continueRun({ runId: retried.runId, requirements: retried.requirements });
    expect(executions).toHaveLength(1);
    expect((await db.listToolExecutions(retried.runId))[0]?.status).toBe('completed');
  });
});
