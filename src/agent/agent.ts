import { randomUUID } from 'node:crypto';
import type { LanguageModelV3FunctionTool } from '@ai-sdk/provider';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { type ModelReference, resolveModel } from '../models/resolve-model.js';
import type { ModelSettings } from '../run/model-call.js';
import { type ContinueRunOptions, claimPausedRun, resumeRun } from '../run/resume.js';
import { RUN_DOCUMENT_VERSION, type RunDocument } from '../run/run-document.js';
import { upgradeRunDocument } from '../run/run-document-upgrade.js';
import type { EventSink } from '../run/run-events.js';
import { runLoop } from '../run/run-loop.js';
import { RunOutput } from '../run/run-output.js';
import { type AgentRuntime, noPendingWrites, nowSeconds } from '../run/run-runtime.js';
import { RunStream } from '../run/run-stream.js';
import type { AnyTool } from '../tools/tool.js';
import { createRunTracer, type TracingOptions } from '../tracing/run-tracer.js';
import { runTracedLeg } from '../tracing/traced-leg.js';

/** Options of {@link Agent}. */
export interface AgentOptions {
  /** Stable id; runs are stored under it. Defaults to the name in kebab-case, or `agent`. */
  id?: string;
  name?: string;
  description?: string;
  /** Any AI SDK `LanguageModelV3`, or `"provider:model"` (e.g. `"openai:gpt-4o-mini"`). */
  model: ModelReference;
  /** The system prompt. */
  instructions?: string;
  tools?: readonly AnyTool[];
  /**
   * Where runs are stored. Without one, paused runs live in this process only (a private
   * in-memory store) and finished runs are not kept.
   */
  db?: Store;
  /** Bound on model calls per run (default 10); past it the run fails with `MaxStepsExceededError`. */
  maxSteps?: number;
  modelSettings?: ModelSettings;
  /** How long a continuing instance holds a run before another may recover it (default 10 minutes). */
  leaseMs?: number;
  /**
   * Traces of every run, model call and tool call as OpenTelemetry spans (GenAI conventions).
   * They go to a registered OpenTelemetry provider, if any, and are stored in `db` (default on
   * when the agent has one) or in `{ store }`; `false` turns them off.
   */
  tracing?: boolean | TracingOptions;
}

/** Options of {@link Agent.run}. */
export interface RunOptions {
  userId?: string;
  /** Groups runs of one conversation; a new id is made when absent. */
  sessionId?: string;
  metadata?: Record<string, unknown>;
  abortSignal?: AbortSignal;
}

const DEFAULT_MAX_STEPS = 10;
const DEFAULT_LEASE_MS = 10 * 60 * 1000;

function kebab(name: string): string {
  return (
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'agent'
  );
}

/**
 * An agent: a model, instructions and tools, with a run loop whose gated tool calls pause the run,
 * store it, and resume it later in any process.
 *
 * @example
 * const agent = new Agent({ id: 'ops', model: openai('gpt-4o-mini'), tools: [restartService], db });
 * const run = await agent.run('Restart the billing service', { userId: 'u1' });
 * if (run.isPaused) {
 *   for (const requirement of run.activeRequirements) requirement.confirm();
 *   await agent.continueRun({ runId: run.runId, requirements: run.requirements });
 * }
 */
export class Agent {
  readonly id: string;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly tools: readonly AnyTool[];
  readonly #options: AgentOptions;
  readonly #store: Store;
  #runtime: AgentRuntime | Promise<AgentRuntime> | undefined;

  constructor(options: AgentOptions) {
    if (!options || options.model === undefined) {
      throw new ConfigurationError(
        'new Agent({ model }) needs a model: an AI SDK LanguageModelV3 or "provider:model".',
      );
    }
    this.#options = options;
    this.name = options.name;
    this.description = options.description;
    this.id = options.id ?? kebab(options.name ?? 'agent');
    this.tools = [...(options.tools ?? [])];
    const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      throw new ConfigurationError(
        `Agent ${this.id}: maxSteps must be a positive integer, got ${String(options.maxSteps)}.`,
      );
    }
    const seen = new Set<string>();
    for (const entry of this.tools) {
      if (entry?.kind !== 'countersign-tool') {
        throw new ConfigurationError(`Agent ${this.id}: every entry of tools must be made with tool({...}).`);
      }
      if (seen.has(entry.name))
        throw new ConfigurationError(
          `Agent ${this.id} has two tools named ${entry.name}; tool names must be unique.`,
        );
      seen.add(entry.name);
    }
    this.#store = options.db ?? new InMemoryDb();
    if (typeof options.model !== 'string')
      this.#runtime = this.#buildRuntime(resolveModel(options.model) as never);
  }

  /** The store runs are kept in (the private in-memory one when no `db` was given). */
  get db(): Store {
    return this.#store;
  }

  #buildRuntime(model: AgentRuntime['model']): AgentRuntime {
    const options = this.#options;
    const modelTools: LanguageModelV3FunctionTool[] = this.tools.map((entry) => {
      const definition: LanguageModelV3FunctionTool = {
        type: 'function',
        name: entry.name,
        inputSchema: entry.schema.modelSchema,
      };
      if (entry.description !== undefined) definition.description = entry.description;
      return definition;
    });
    return {
      id: this.id,
      name: this.name,
      model,
      system: options.instructions ? { role: 'system', content: options.instructions } : undefined,
      tools: new Map(this.tools.map((entry) => [entry.name, entry])),
      modelTools: modelTools.length > 0 ? modelTools : undefined,
      maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
      modelSettings: options.modelSettings,
      store: this.#store,
      persistFinishedRuns: options.db !== undefined,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      tracer: createRunTracer(options.tracing, options.db),
    };
  }

  #getRuntime(): AgentRuntime | Promise<AgentRuntime> {
    if (this.#runtime === undefined) {
      const pending = Promise.resolve(resolveModel(this.#options.model)).then((model) => {
        const runtime = this.#buildRuntime(model);
        this.#runtime = runtime;
        return runtime;
      });
      pending.catch(() => {
        this.#runtime = undefined;
      });
      this.#runtime = pending;
    }
    return this.#runtime;
  }

  #newDocument(input: string, options: RunOptions): RunDocument {
    if (typeof input !== 'string' || input.length === 0) {
      throw new ValidationError('agent.run(input): the input must be a non-empty string.', [
        { path: 'input', message: 'must be a non-empty string' },
      ]);
    }
    const now = nowSeconds();
    const document: RunDocument = {
      v: RUN_DOCUMENT_VERSION,
      runId: randomUUID(),
      agentId: this.id,
      sessionId: options.sessionId ?? randomUUID(),
      status: 'running',
      input,
      messages: [{ role: 'user', content: [{ type: 'text', text: input }] }],
      step: 0,
      usage: { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      requirements: [],
      pendingResults: [],
      toolCalls: [],
      createdAt: now,
      updatedAt: now,
    };
    if (options.userId !== undefined) document.userId = options.userId;
    if (options.metadata !== undefined) document.metadata = options.metadata;
    return document;
  }

  async #start(input: string, options: RunOptions, sink: EventSink): Promise<RunOutput> {
    const document = this.#newDocument(input, options);
    const runtime = await this.#getRuntime();
    sink?.({
      type: 'run-started',
      runId: document.runId,
      at: Date.now(),
      agentId: this.id,
      sessionId: document.sessionId,
      input,
      ...(document.userId === undefined ? {} : { userId: document.userId }),
    });
    return runTracedLeg(
      {
        runtime,
        document,
        version: null,
        sink,
        abortSignal: options.abortSignal,
        journal: false,
        pendingWrites: noPendingWrites(),
      },
      runLoop,
    );
  }

  async #continue(options: ContinueRunOptions, sink: EventSink): Promise<RunOutput> {
    if (!options || typeof options.runId !== 'string' || options.runId.length === 0) {
      throw new ValidationError('continueRun({ runId }): runId must be the id of a paused run.', [
        { path: 'runId', message: 'is required' },
      ]);
    }
    const runtime = await this.#getRuntime();
    const leg = await claimPausedRun(runtime, options, sink);
    return runTracedLeg(leg, resumeRun);
  }

  /** Runs the agent on one message until it answers, pauses on a gated call, or fails. */
  run(input: string, options: RunOptions = {}): Promise<RunOutput> {
    return this.#start(input, options, undefined);
  }

  /** Like {@link run}, streaming typed events (`run-started`, `text-delta`, ..., `run-paused`/`run-completed`). */
  runStream(input: string, options: RunOptions = {}): RunStream {
    return new RunStream((sink) => this.#start(input, options, sink));
  }

  /**
   * Resumes a paused run with its decided requirements, from any process sharing the db. Each
   * approved call executes exactly once; a second continue gets `RunConflictError`.
   */
  continueRun(options: ContinueRunOptions): Promise<RunOutput> {
    return this.#continue(options, undefined);
  }

  /** Like {@link continueRun}, streaming events; the first is `run-continued`. */
  continueRunStream(options: ContinueRunOptions): RunStream {
    return new RunStream((sink) => this.#continue(options, sink));
  }

  /**
   * Waits until the spans of every finished leg are in the trace store. Spans are written on the
   * next tick, off the run's path; call this before reading traces right after a run, and before
   * the process exits.
   */
  async flushTraces(): Promise<void> {
    const runtime = await this.#getRuntime();
    await runtime.tracer?.flush();
  }

  /** The stored run, from any process sharing the db, or `null` for an unknown id. */
  async getRun(runId: string): Promise<RunOutput | null> {
    const stored = await this.#store.getRun(runId);
    if (!stored || stored.document.agentId !== this.id) return null;
    return new RunOutput(upgradeRunDocument(stored.document));
  }
}
