import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { MaxStepsExceededError } from '../errors/max-steps-exceeded-error.js';
import { ModelError } from '../errors/model-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';
import { Agent } from './agent.js';

const lookup = tool({
  name: 'lookup_order',
  description: 'Look up an order',
  inputSchema: z.object({ orderId: z.string() }),
  execute: ({ orderId }) => ({ orderId, status: 'shipped' }),
});

describe('Agent.run', () => {
  it('runs a multi-step tool loop and sums usage', async () => {
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'lookup_order', args: { orderId: 'A1' } }] },
      { toolCalls: [{ toolName: 'lookup_order', args: { orderId: 'B2' } }] },
      { text: 'Both shipped.' },
    ]);
    const agent = new Agent({ model, tools: [lookup], instructions: 'You are a helpdesk.' });
    const run = await agent.run('Where are A1 and B2?', { userId: 'u1' });
    expect(run.status).toBe('completed');
    expect(run.content).toBe('Both shipped.');
    expect(run.steps).toBe(3);
    expect(run.usage).toEqual({ requests: 3, inputTokens: 30, outputTokens: 15, totalTokens: 45 });
    expect(run.toolCalls.map((call) => call.result)).toEqual([
      { orderId: 'A1', status: 'shipped' },
      { orderId: 'B2', status: 'shipped' },
    ]);
    // The model saw the system prompt, the tool list without hidden fields, and the results.
    const lastPrompt = model.calls.at(-1)?.prompt ?? [];
    expect(lastPrompt[0]).toEqual({ role: 'system', content: 'You are a helpdesk.' });
    expect(lastPrompt.filter((message) => message.role === 'tool')).toHaveLength(2);
    expect(model.calls[0]?.tools?.[0]).toMatchObject({
      type: 'function',
      name: 'lookup_order',
      description: 'Look up an order',
    });
  });

  it('works with the AI SDK MockLanguageModelV3', async () => {
    const model = new MockLanguageModelV3({
      doGenerate: {
        content: [{ type: 'text', text: 'Hello.' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage: {
          inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 2, text: 2, reasoning: undefined },
        },
        warnings: [],
      },
    });
    const run = await new Agent({ model }).run('Hi');
    expect(run.content).toBe('Hello.');
    expect(model.doGenerateCalls[0]?.prompt).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });

  it('sends invalid arguments, bad JSON and unknown tools back to the model as tool errors', async () => {
    const model = new ScriptedModel([
      {
        toolCalls: [
          { toolName: 'lookup_order', args: { orderId: 42 } },
          { toolName: 'lookup_order', args: '{"orderId": ' },
          { toolName: 'drop_tables', args: {} },
        ],
      },
      { text: 'Sorry.' },
    ]);
    const run = await new Agent({ model, tools: [lookup] }).run('go');
    expect(run.status).toBe('completed');
    const results = model.calls[1]?.prompt.at(-1);
    expect(results?.role).toBe('tool');
    const parts = results?.role === 'tool' ? results.content : [];
    const texts = parts.map((part) =>
      part.type === 'tool-result' && part.output.type === 'error-text' ? part.output.value : '',
    );
    expect(texts[0]).toMatch(/^Invalid arguments for lookup_order: orderId: .*expected string/i);
    expect(texts[1]).toMatch(/not valid JSON/);
    expect(texts[2]).toBe('Unknown tool drop_tables. Available tools: lookup_order.');
    expect(run.toolCalls.map((call) => call.outcome)).toEqual(['invalid', 'invalid', 'invalid']);
  });

  it('reports a throwing tool to the model and goes on', async () => {
    const flaky = tool({
      name: 'flaky',
      inputSchema: z.object({}),
      execute: () => {
        throw new Error('upstream 503');
      },
    });
    const model = new ScriptedModel([{ toolCalls: [{ toolName: 'flaky' }] }, { text: 'It failed.' }]);
    const run = await new Agent({ model, tools: [flaky] }).run('go');
    expect(run.content).toBe('It failed.');
    expect(run.toolCalls[0]).toMatchObject({
      isError: true,
      result: 'Error: upstream 503',
      outcome: 'failed',
    });
  });

  it('ends the run after a stopAfterToolCall tool', async () => {
    const final = tool({
      name: 'answer',
      inputSchema: z.object({ text: z.string() }),
      stopAfterToolCall: true,
      execute: ({ text }) => text,
    });
    const model = new ScriptedModel([{ toolCalls: [{ toolName: 'answer', args: { text: '42' } }] }]);
    const run = await new Agent({ model, tools: [final] }).run('meaning?');
    expect(run.status).toBe('completed');
    expect(run.content).toBe('42');
    expect(model.calls).toHaveLength(1);
  });

  it('fails with MaxStepsExceededError past maxSteps and stores the error', async () => {
    const db = new InMemoryDb();
    const model = new ScriptedModel(() => ({
      toolCalls: [{ toolName: 'lookup_order', args: { orderId: 'A' } }],
    }));
    const agent = new Agent({ model, tools: [lookup], maxSteps: 3, db });
    const error = await agent.run('loop').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MaxStepsExceededError);
    expect((error as Error).message).toMatch(/limit of 3 model steps/);
    const stored = (await db.listRuns()).items[0];
    expect(stored?.document.status).toBe('error');
    expect(stored?.document.error?.type).toBe('MaxStepsExceededError');
  });

  it('turns provider failures into ModelError with the cause, and stores the failed run', async () => {
    const db = new InMemoryDb();
    const model = new ScriptedModel([{ error: new Error('rate limited') }]);
    const error = await new Agent({ model, db }).run('hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).cause).toBeInstanceOf(Error);
    expect((await db.listRuns({ status: 'error' })).items).toHaveLength(1);
  });

  it('refuses bad configuration and input clearly', async () => {
    expect(() => new Agent({ model: new ScriptedModel([]), tools: [lookup, lookup] })).toThrow(
      /two tools named lookup_order/,
    );
    expect(() => new Agent({ model: {} as never })).toThrow(ConfigurationError);
    expect(() => new Agent({ model: new ScriptedModel([]), maxSteps: 0 })).toThrow(
      /maxSteps must be a positive integer/,
    );
    await expect(new Agent({ model: new ScriptedModel([]) }).run('')).rejects.toBeInstanceOf(ValidationError);
  });

  it('resolves "provider:model" strings through the installed AI SDK provider', async () => {
    const { resolveModel } = await import('../models/resolve-model.js');
    const model = await resolveModel('openai:gpt-4o-mini');
    expect(model.specificationVersion).toBe('v3');
    expect(model.modelId).toBe('gpt-4o-mini');
    expect(model.provider).toMatch(/^openai/);
    expect(await resolveModel('openai:gpt-4o-mini')).toBe(model);
    const agent = new Agent({ model: 'nosuchprovider:some-model' });
    await expect(agent.run('hi')).rejects.toThrow(/npm install @ai-sdk\/nosuchprovider/);
    await expect(new Agent({ model: 'no-colon' }).run('hi')).rejects.toThrow(/"provider:model"/);
  });

  it('stores finished runs only when a db is given', async () => {
    const model = new ScriptedModel([{ text: 'ok' }]);
    const withoutDb = new Agent({ model });
    const run = await withoutDb.run('hi');
    expect(await withoutDb.getRun(run.runId)).toBeNull();
    const db = new InMemoryDb();
    const withDb = new Agent({ model, db });
    const stored = await withDb.run('hi', { sessionId: 's1', metadata: { channel: 'web' } });
    const loaded = await withDb.getRun(stored.runId);
    expect(loaded?.status).toBe('completed');
    expect(loaded?.sessionId).toBe('s1');
    expect(loaded?.metadata).toEqual({ channel: 'web' });
  });
});
