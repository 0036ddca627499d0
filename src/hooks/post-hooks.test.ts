import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { OutputCheckError } from '../errors/output-check-error.js';
import { ModerationGuardrail } from '../guardrails/moderation/moderation-guardrail.js';
import { PIIDetectionGuardrail } from '../guardrails/pii/pii-detection-guardrail.js';
import type { RunOutput } from '../run/run-output.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';

const restart = tool({
  name: 'restart',
  inputSchema: z.object({ service: z.string() }),
  requiresConfirmation: true,
  execute: () => 'restarted',
});

describe('post-hooks', () => {
  it('run when a run completes, with the output, the agent, the session and the user', async () => {
    const calls: unknown[] = [];
    const agent = new Agent({
      id: 'ops',
      model: new ScriptedModel([{ text: 'All good.' }]),
      postHooks: [
        ({ runOutput, agent: owner, session, userId, metadata }) => {
          calls.push({
            content: runOutput.content,
            status: runOutput.status,
            owner: owner.id,
            session,
            userId,
            metadata,
          });
        },
      ],
    });
    await agent.run('status?', { userId: 'u1', sessionId: 's1', metadata: { channel: 'web' } });
    expect(calls).toEqual([
      {
        content: 'All good.',
        status: 'completed',
        owner: 'ops',
        session: { id: 's1', userId: 'u1' },
        userId: 'u1',
        metadata: { channel: 'web' },
      },
    ]);
  });

  it('never run for a paused run, and run once after the continue completes it', async () => {
    const outputs: RunOutput[] = [];
    const agent = new Agent({
      model: new ScriptedModel([
        { toolCalls: [{ toolName: 'restart', args: { service: 'billing' } }] },
        { text: 'Done.' },
      ]),
      tools: [restart],
      postHooks: [({ runOutput }) => void outputs.push(runOutput)],
    });
    const paused = await agent.run('restart billing');
    expect(paused.isPaused).toBe(true);
    expect(outputs).toHaveLength(0);
    for (const requirement of paused.activeRequirements) requirement.confirm();
    await agent.continueRun({ runId: paused.runId, requirements: paused.requirements });
    expect(outputs.map((output) => output.content)).toEqual(['Done.']);
  });

  it('let an output guardrail mask the answer before it is returned and stored', async () => {
    const db = new InMemoryDb();
    const agent = new Agent({
      model: new ScriptedModel([{ text: 'Her address is jane@example.com.' }]),
      db,
      postHooks: [new PIIDetectionGuardrail({ maskPii: true })],
    });
    const run = await agent.run('who?');
    expect(run.content).toBe('Her address is [EMAIL].');
    expect((await agent.getRun(run.runId))?.content).toBe('Her address is [EMAIL].');
    expect(run.hookDecisions).toMatchObject([
      { hookName: 'pii_detection', stage: 'post', outcome: 'modified' },
    ]);
  });

  it('fail the run with OutputCheckError when an output guardrail blocks; the answer is neither returned nor stored', async () => {
    const db = new InMemoryDb();
    const agent = new Agent({
      id: 'writer',
      model: new ScriptedModel([{ text: 'You absolute idiot.' }]),
      db,
      postHooks: [
        new ModerationGuardrail({
          moderate: (text) => ({ flagged: text.includes('idiot'), categories: { harassment: true } }),
        }),
      ],
    });
    const error = await agent.run('insult me').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputCheckError);
    expect(error).toMatchObject({
      checkTrigger: 'output_not_allowed',
      additionalData: { flaggedCategories: ['harassment'] },
    });
    const stored = (await db.listRuns({ agentId: 'writer' })).items[0]?.document;
    expect(stored?.status).toBe('error');
    expect(JSON.stringify(stored)).not.toContain('idiot');
    expect(stored?.hookDecisions).toMatchObject([
      { hookName: 'moderation', stage: 'post', outcome: 'blocked' },
    ]);
  });

  it('stream post-hook events between the answer and run-completed', async () => {
    const agent = new Agent({ model: new ScriptedModel([{ text: 'hi' }]), postHooks: [() => undefined] });
    const types: string[] = [];
    for await (const event of agent.runStream('hello')) types.push(event.type);
    expect(types).toEqual([
      'run-started',
      'text-delta',
      'post-hook-started',
      'post-hook-completed',
      'run-completed',
    ]);
  });
});
