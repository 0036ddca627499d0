import type { LanguageModelV3FunctionTool } from '@ai-sdk/provider';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { AgentHooks } from '../hooks/agent-hooks.js';
import type { BackgroundHookOptions } from '../hooks/background-hook-options.js';
import type { FlushSummary } from '../hooks/background-hook-worker.js';
import type { PostHook, PreHook } from '../hooks/hook-types.js';
import { type ModelReference, resolveModel } from '../models/resolve-model.js';
import { LoadedRuns } from '../run/loaded-runs.js';
import type { ModelSettings } from '../run/model-call.js';
import { newRunDocument } from '../run/new-run-document.js';
import { type ContinueRunOptions, claimPausedRun, resumeRun } from '../run/resume.js';
import { upgradeRunDocument } from '../run/run-document-upgrade.js';
import type { EventSink } from '../run/run-events.js';
import { runLoop } from '../run/run-loop.js';
import { RunOutput } from '../run/run-output.js';
import { type AgentRuntime, noPendingWrites, type RunLeg } from '../run/run-runtime.js';
import { RunStream } from '../run/run-stream.js';
import type { AnyTool } from '../tools/tool.js';
import { expandToolEntries, type ToolEntry } from '../tools/toolkit.js';
import { createRunTracer, type TracingOptions } from '../tracing/run-tracer.js';
import { runTracedLeg } from '../tracing/traced-leg.js';
import { memberRuntime, type TeamLeaderOptions, teamLeader } from './agent-internals.js';
import { defaultId } from './default-id.js';

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
  /** Tools and toolkits; a toolkit adds its tools and appends its instructions to the system prompt. */
  tools?: readonly ToolEntry[];
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
  /** Set by `Team` for its leader (package-internal). */
  [teamLeader]?: TeamLeaderOptions;
  /**
   * Run on each run's input before the model sees it, in order: functions, `hook()` definitions or
   * guardrail objects (`PIIDetectionGuardrail`, ...). They may rewrite the input or stop the run;
   * guardrails also screen the new input of a continued run.
   */
  preHooks?: readonly PreHook<Agent>[];
  /**
   * Run when a run completes (also after `continueRun`, never on a pause), in order: functions,
   * output guardrails, and `hook({ runInBackground: true }, fn)` jobs run after the reply.
   */
  postHooks?: readonly PostHook<Agent>[];
  /** Retries, backoff and failure reporting of background hooks. */
  backgroundHooks?: BackgroundHookOptions;
  /**
   * Traces of every run, model call and tool call as OpenTelemetry spans (GenAI conventions).
   * They go to a registered OpenTelemetry provider, if any (default); `true` also stores them in
   * `db`, `{ store }` in another store; `false` turns them off.
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
  readonly #system: string | undefined;
  readonly #hooks: AgentHooks<Agent>;
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
    this.id = options.id ?? defaultId(options.name, 'agent');
    const expanded = expandToolEntries(options.tools ?? [], `Agent ${this.id}`);
    this.tools = expanded.tools;
    const system = [options.instructions ?? '', ...expanded.instructions].filter((text) => text !== '');
    this.#system = system.length > 0 ? system.join('\n\n') : undefined;
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
    this.#hooks = new AgentHooks<Agent>(options, this.id);
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
      system: this.#system ? { role: 'system', content: this.#system } : undefined,
      tools: new Map(this.tools.map((entry) => [entry.name, entry])),
      modelTools: modelTools.length > 0 ? modelTools : undefined,
      maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
      modelSettings: options.modelSettings,
      store: this.#store,
      persistFinishedRuns: options.db !== undefined,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      tracer: createRunTracer(options.tracing, options.db),
      loadedRuns: new LoadedRuns(),
      ...this.#ownership(),
      ...(this.#hooks.hasPostHooks
        ? { onComplete: (leg: RunLeg, content: string) => this.#hooks.complete(leg, content, this) }
        : {}),
    };
  }

  /** Which stored runs are this agent's: its own, or as a team's leader the team's runs. */
  #ownership(): Pick<AgentRuntime, 'owns' | 'teamId' | 'delegation'> {
    const leader = this.#options[teamLeader];
    const id = this.id;
    if (leader === undefined) {
      return { owns: (document) => document.agentId === id && document.teamId === undefined };
    }
    const teamId = leader.teamId;
    return {
      teamId,
      delegation: leader.delegation,
      owns: (document) => document.agentId === id && document.teamId === teamId,
    };
  }

  /**
   * This agent's runtime as a member of team `teamId`: runs go to the team's store (so a member's
   * pause is as durable as the team's), and only the team's member runs of this agent are its own.
   */
  async [memberRuntime](store: Store, teamId: string): Promise<AgentRuntime> {
    const base = await this.#getRuntime();
    const id = this.id;
    return {
      ...base,
      store,
      teamId,
      persistFinishedRuns: true,
      owns: (document) => document.agentId === id && document.teamId === teamId,
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

  async #start(input: string, options: RunOptions, sink: EventSink): Promise<RunOutput> {
    const document = newRunDocument({
      agentId: this.id,
      teamId: this.#options[teamLeader]?.teamId,
      input,
      userId: options.userId,
      sessionId: options.sessionId,
      metadata: options.metadata,
    });
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
    const leg: RunLeg = {
      runtime,
      document,
      version: null,
      sink,
      abortSignal: options.abortSignal,
      journal: false,
      pendingWrites: noPendingWrites(),
    };
    // The screening runs inside the leg's trace, so a guardrail's decision is recorded in it.
    const output = await runTracedLeg(leg, async (traced) => {
      await this.#hooks.screenStart(traced, this);
      return runLoop(traced);
    });
    return this.#afterHooks(output);
  }

  /** Starts the background hooks' worker once a run completed, after the caller got the result. */
  #afterHooks(output: RunOutput): RunOutput {
    if (output.status === 'completed' && this.#hooks.hasBackgroundHooks) this.#hooks.kick(this.#store, this);
    return output;
  }

  async #continue(options: ContinueRunOptions, sink: EventSink): Promise<RunOutput> {
    if (!options || typeof options.runId !== 'string' || options.runId.length === 0) {
      throw new ValidationError('continueRun({ runId }): runId must be the id of a paused run.', [
        { path: 'runId', message: 'is required' },
      ]);
    }
    const runtime = await this.#getRuntime();
    const screened = await this.#hooks.screenContinue(options, this, sink, {
      sessionId: options.sessionId ?? '',
      userId: options.userId,
    });
    const leg = await claimPausedRun(runtime, screened, sink);
    return this.#afterHooks(await runTracedLeg(leg, resumeRun));
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
   * Runs the due jobs of this agent's background hooks from the db's outbox (also those left by a
   * process that crashed) and waits for retries that fall due, at most `timeoutMs` (default 10 s).
   */
  flushBackgroundHooks(options: { timeoutMs?: number } = {}): Promise<FlushSummary> {
    return this.#hooks.flush(this.#store, this, options);
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
    if (!stored) return null;
    const runtime = await this.#getRuntime();
    if (!runtime.owns(stored.document)) return null;
    runtime.loadedRuns?.remember(this.#store, stored);
    return new RunOutput(upgradeRunDocument(stored.document));
  }
}
