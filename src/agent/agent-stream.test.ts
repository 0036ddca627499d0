import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ModelError } from '../errors/model-error.js';
import type { RunEvent } from '../run/run-events.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';
import { Agent } from './agent.js';

async function collect(stream: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const lookup = tool({
  name: 'lookup',
  inputSchema: z.object({ id: z.string() }),
  execute: ({ id }) => `found ${id}`,
});
const restart = tool({
  name: 'restart',
  inputSchema: z.object({ service: z.string() }),
  requiresConfirmation: true,
  execute: () => 'restarted',
});

describe('runStream / continueRunStream', () => {
  it('streams typed events through a pause and a continue', async () => {
    const model = new ScriptedModel([
      {
        toolCalls: [
          { toolName: 'lookup', args: { id: '1' } },
          { toolName: 'restart', args: { service: 'billing' } },
        ],
      },
      { text: 'Billing is back up.' },
    ]);
    const agent = new Agent({ id: 'ops', model, tools: [lookup, restart] });
    const stream = agent.runStream('restart billing', { userId: 'u1' });
    const events = await collect(stream);
    expect(events.map((event) => event.type)).toEqual([
      'run-started',
      'tool-call-started',
      'tool-call-completed',
      'run-paused',
    ]);
    const run = await stream.output;
    for (const event of events) {
      expect(event.runId).toBe(run.runId);
      expect(typeof event.at).toBe('number');
    }
    const paused = events.at(-1);
    expect(
      paused?.type === 'run-paused' && paused.requirements.map((requirement) => requirement.toolName),
    ).toEqual(['restart']);
    expect(paused?.type === 'run-paused' && paused.content).toBe('I need your confirmation to run restart.');

    run.requirements[0]?.confirm();
    const continued = agent.continueRunStream({ runId: run.runId, requirements: run.requirements });
    const resumed = await collect(continued);
    expect(resumed.map((event) => event.type)).toEqual([
      'run-continued',
      'tool-call-started',
      'tool-call-completed',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-delta',
      'run-completed',
    ]);
    const text = resumed.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');
    expect(text).toBe('Billing is back up.');
    expect((await continued.output).content).toBe('Billing is back up.');
    expect(model.calls).toHaveLength(2);
  });

  it('emits tool-call-error for failed calls and run-error when the run fails', async () => {
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'missing' }] },
      { error: new Error('overloaded') },
    ]);
    const stream = new Agent({ model, tools: [lookup] }).runStream('hi');
    const events = await collect(stream);
    expect(events.map((event) => event.type)).toEqual(['run-started', 'tool-call-error', 'run-error']);
    const last = events.at(-1);
    expect(last?.type === 'run-error' && last.error.type).toBe('ModelError');
    await expect(stream.output).rejects.toBeInstanceOf(ModelError);
  });

  it('delivers every event to a late reader', async () => {
    const model = new ScriptedModel([{ text: 'one two three' }]);
    const stream = new Agent({ model }).runStream('count');
    await stream.output;
    const events = await collect(stream);
    expect(events.map((event) => event.type)).toEqual([
      'run-started',
      'text-delta',
      'text-delta',
      'text-delta',
      'run-completed',
    ]);
  });
});
