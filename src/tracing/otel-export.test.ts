import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';

/** What `@opentelemetry/context-async-hooks` provides in a real set-up: the active context per async flow. */
class AsyncLocalStorageContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    active: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(active, () => fn.apply(thisArg, args));
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#storage.disable();
    return this;
  }
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  trace.setGlobalTracerProvider(provider);
});

afterEach(() => {
  exporter.reset();
});

afterAll(async () => {
  trace.disable();
  context.disable();
  await provider.shutdown();
});

const restart = tool({
  name: 'restart_service',
  inputSchema: z.object({ serviceName: z.string() }),
  requiresConfirmation: true,
  // The tool's own instrumentation: its span should nest under the execute_tool span.
  execute: ({ serviceName }) => {
    trace.getTracer('ops-client').startSpan(`POST /services/${serviceName}/restart`).end();
    return `restarted ${serviceName}`;
  },
});

function model() {
  return new ScriptedModel(
    [
      {
        toolCalls: [{ toolName: 'restart_service', args: { serviceName: 'billing' } }],
        usage: { inputTokens: 40, outputTokens: 12 },
      },
      { text: 'Done.', usage: { inputTokens: 60, outputTokens: 3 } },
    ],
    { provider: 'anthropic.messages', modelId: 'claude-sonnet' },
  );
}

function hex(span: ReadableSpan) {
  return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}

describe('OpenTelemetry export', () => {
  it('sends the same spans to a registered provider as to the store, across a pause', async () => {
    const db = new InMemoryDb();
    const agent = new Agent({ id: 'ops', model: model(), tools: [restart], db, tracing: true });
    const run = await agent.run('Restart billing', { sessionId: 's1' });
    for (const requirement of run.activeRequirements) requirement.confirm();
    await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    await agent.flushTraces();

    const exported = exporter.getFinishedSpans();
    const own = exported.find((span) => span.name === 'POST /services/billing/restart');
    expect(exported.map((span) => span.name).sort()).toEqual([
      'POST /services/billing/restart',
      'chat claude-sonnet',
      'chat claude-sonnet',
      'execute_tool restart_service',
      'execute_tool restart_service',
      'invoke_agent ops',
      'invoke_agent ops',
    ]);
    const { items } = await db.listTraces({ runId: run.runId });
    const stored = await db.getTrace(items[0]?.traceId as string);
    // One trace for the whole run, with OpenTelemetry's ids in the store.
    expect(new Set(exported.map((span) => hex(span).traceId))).toEqual(new Set([items[0]?.traceId]));
    expect(new Set(exported.filter((span) => span !== own).map((span) => hex(span).spanId))).toEqual(
      new Set(stored?.spans.map((span) => span.spanId)),
    );

    const [first, second] = exported
      .filter((span) => span.name === 'invoke_agent ops')
      .sort(
        (left, right) => left.startTime[0] - right.startTime[0] || left.startTime[1] - right.startTime[1],
      );
    expect(first?.parentSpanContext).toBeUndefined();
    expect(second?.parentSpanContext?.spanId).toBe(first?.spanContext().spanId);
    expect(first?.kind).toBe(SpanKind.INTERNAL);
    expect(first?.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.id': 'ops',
      'gen_ai.conversation.id': 's1',
      'gen_ai.provider.name': 'anthropic',
      'countersign.run.status': 'paused',
    });
    const chat = exported.find(
      (span) =>
        span.name === 'chat claude-sonnet' &&
        span.parentSpanContext?.spanId === hex(first as ReadableSpan).spanId,
    );
    expect(chat?.kind).toBe(SpanKind.CLIENT);
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'claude-sonnet',
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.response.finish_reasons': ['tool_calls'],
    });
    const executed = exported.find(
      (span) =>
        span.name === 'execute_tool restart_service' &&
        span.attributes['countersign.tool.outcome'] === 'executed',
    );
    expect(executed?.parentSpanContext?.spanId).toBe(second?.spanContext().spanId);
    expect(own?.parentSpanContext?.spanId).toBe(executed?.spanContext().spanId);
    expect(executed?.attributes).toMatchObject({
      'gen_ai.tool.name': 'restart_service',
      'countersign.tool.decision': 'confirmed',
    });
    // Timings agree with the stored records.
    const storedLeg = stored?.spans.find((span) => span.spanId === hex(first as ReadableSpan).spanId);
    const exportedMs = (first?.duration[0] ?? 0) * 1000 + (first?.duration[1] ?? 0) / 1e6;
    expect(exportedMs).toBeCloseTo(storedLeg?.durationMs ?? -1, 1);
  });

  it('links the caller’s active span instead of joining its trace, and reports errors', async () => {
    const caller = trace.getTracer('test').startSpan('POST /agents/ops/runs');
    const failing = new Agent({
      id: 'ops',
      model: new ScriptedModel([{ error: new Error('overloaded') }]),
      tracing: true,
    });
    await expect(
      context.with(trace.setSpan(context.active(), caller), () => failing.run('hi')),
    ).rejects.toThrow(/overloaded/);
    caller.end();
    const leg = exporter.getFinishedSpans().find((span) => span.name === 'invoke_agent ops');
    expect(leg?.spanContext().traceId).not.toBe(caller.spanContext().traceId);
    expect(leg?.links.map((link) => link.context.spanId)).toEqual([caller.spanContext().spanId]);
    expect(leg?.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(leg?.attributes['error.type']).toBe('ModelError');
    const chat = exporter.getFinishedSpans().find((span) => span.name === 'chat scripted-model');
    expect(chat?.status.code).toBe(SpanStatusCode.ERROR);
  });
});
