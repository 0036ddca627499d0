import type { NewHookJob, Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isGuardrail } from '../guardrails/base-guardrail.js';
import { timeOrderedId } from '../ids/index.js';
import type { HookDecision, RequirementData, RunDocument } from '../run/run-document.js';
import type { EventSink } from '../run/run-events.js';
import { failRun } from '../run/run-loop.js';
import { RunOutput } from '../run/run-output.js';
import { RunRequirement } from '../run/run-requirement.js';
import type { RunLeg } from '../run/run-runtime.js';
import { type BackgroundHookOptions, DEFAULT_MAX_ATTEMPTS } from './background-hook-options.js';
import { BackgroundHookWorker, type FlushSummary } from './background-hook-worker.js';
import { isHookDefinition } from './hook.js';
import type { HookDefinition, PostHook, PostHookContext, PostHookResult, PreHook } from './hook-types.js';
import { type HookRunContext, runPostHooks, runPreHooks } from './run-hooks.js';

/** The hook options of an agent. */
export interface AgentHookOptions<Owner> {
  preHooks?: readonly PreHook<Owner>[];
  postHooks?: readonly PostHook<Owner>[];
  backgroundHooks?: BackgroundHookOptions;
}

/** What a blocked run keeps instead of the input a guardrail refused. */
const WITHHELD = '[input withheld: a pre-hook stopped the run]';
/** What a run keeps instead of the answer a post-hook refused. */
const WITHHELD_OUTPUT = '[output withheld: a post-hook stopped the run]';

function isHookEntry(entry: unknown): boolean {
  return typeof entry === 'function' || isGuardrail(entry) || isHookDefinition(entry);
}

function recordInto(document: RunDocument): (decision: HookDecision) => void {
  return (decision) => {
    document.hookDecisions ??= [];
    document.hookDecisions.push(decision);
  };
}

/**
 * An agent's hooks: checks them once, runs pre-hooks on a run's input (and guardrails on a
 * continued run's new input), post-hooks before the completed write, and owns the worker of the
 * background hooks. Kept apart from the agent so the run loop only calls `runtime.onComplete`.
 */
export class AgentHooks<Owner extends { readonly id: string }> {
  readonly #pre: readonly PreHook<Owner>[];
  readonly #post: readonly PostHook<Owner>[];
  readonly #background = new Map<string, HookDefinition<PostHookContext<Owner>, PostHookResult>>();
  readonly #options: BackgroundHookOptions;
  #worker: BackgroundHookWorker<Owner> | undefined;

  constructor(options: AgentHookOptions<Owner>, agentId: string) {
    this.#pre = [...(options.preHooks ?? [])];
    this.#post = [...(options.postHooks ?? [])];
    this.#options = options.backgroundHooks ?? {};
    for (const [list, entries] of [
      ['preHooks', this.#pre],
      ['postHooks', this.#post],
    ] as const) {
      for (const entry of entries) {
        if (!isHookEntry(entry)) {
          throw new ConfigurationError(
            `Agent ${agentId}: every entry of ${list} must be a function, a hook({...}, fn) or a guardrail object.`,
          );
        }
        if (list === 'preHooks' && isHookDefinition(entry) && entry.runInBackground) {
          throw new ConfigurationError(
            `Agent ${agentId}: pre-hook ${entry.name || '(anonymous)'} cannot run in the background; the model must wait for it.`,
          );
        }
      }
    }
    for (const entry of this.#post) {
      if (!isHookDefinition(entry) || !entry.runInBackground) continue;
      if (!entry.name) {
        throw new ConfigurationError(
          `Agent ${agentId}: a background hook needs a name, so that its stored jobs find it after a restart: hook({ runInBackground: true, name: 'audit_log' }, fn) or a named function.`,
        );
      }
      if (this.#background.has(entry.name)) {
        throw new ConfigurationError(
          `Agent ${agentId} has two background hooks named ${entry.name}; names must be unique.`,
        );
      }
      this.#background.set(entry.name, entry as HookDefinition<PostHookContext<Owner>, PostHookResult>);
    }
  }

  get hasPostHooks(): boolean {
    return this.#post.length > 0;
  }

  get hasBackgroundHooks(): boolean {
    return this.#background.size > 0;
  }

  #context(owner: Owner, document: RunDocument, sink: EventSink): HookRunContext<Owner> {
    return {
      owner,
      ownerId: owner.id,
      runId: document.runId,
      sessionId: document.sessionId,
      userId: document.userId,
      metadata: document.metadata,
      sink,
      record: recordInto(document),
    };
  }

  /**
   * Runs the pre-hooks on a new run's input. The model sees (and the store keeps) the input they
   * leave; when one throws, the input is withheld and the run fails (stored with status `error`
   * when the agent stores runs), rethrowing the error.
   */
  async screenStart(leg: RunLeg, owner: Owner): Promise<void> {
    if (this.#pre.length === 0) return;
    const { document } = leg;
    let input: string;
    try {
      input = await runPreHooks(this.#pre, document.input, this.#context(owner, document, leg.sink));
    } catch (error) {
      document.input = WITHHELD;
      document.messages = [{ role: 'user', content: [{ type: 'text', text: WITHHELD }] }];
      return failRun(leg, error);
    }
    if (input !== document.input) {
      document.input = input;
      document.messages = [{ role: 'user', content: [{ type: 'text', text: input }] }];
    }
  }

  /**
   * The run is about to complete: runs the post-hooks (output guardrails may rewrite the answer or
   * throw, failing the run) and puts the background hooks' jobs into the completed write.
   */
  async complete(leg: RunLeg, content: string, owner: Owner): Promise<string> {
    const { document } = leg;
    document.content = content;
    const output = new RunOutput({ ...document, status: 'completed' });
    let outcome: Awaited<ReturnType<typeof runPostHooks>>;
    try {
      outcome = await runPostHooks(
        this.#post,
        output,
        (rewritten) => {
          document.content = rewritten;
          output.toDocument().content = rewritten;
        },
        this.#context(owner, document, leg.sink),
      );
    } catch (error) {
      // The run fails; what a post-hook refused is neither returned nor stored.
      document.content = WITHHELD_OUTPUT;
      const last = document.messages.at(-1);
      if (last?.role === 'assistant') {
        last.content = last.content.map((part) =>
          part.type === 'text' ? { ...part, text: WITHHELD_OUTPUT } : part,
        );
      }
      throw error;
    }
    if (outcome.background.length > 0) {
      const now = Date.now();
      const jobs: NewHookJob[] = outcome.background.map((call) => ({
        id: timeOrderedId(),
        hookName: call.hookName,
        agentId: leg.runtime.id,
        runId: document.runId,
        payload: { sessionId: document.sessionId, userId: document.userId ?? null },
        maxAttempts: call.maxAttempts ?? this.#options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        runAfter: now,
        createdAt: now,
      }));
      leg.pendingWrites.hookJobs = [...(leg.pendingWrites.hookJobs ?? []), ...jobs];
    }
    return outcome.content;
  }

  /**
   * Runs the guardrails among the pre-hooks on the text a continue brings to the model (rejection
   * reasons and user-input values), before anything is claimed: masked values replace the given
   * ones; a guardrail that blocks throws, and the run stays paused.
   */
  async screenContinue<
    Options extends { runId: string; requirements?: readonly (RunRequirement | RequirementData)[] },
  >(
    options: Options,
    owner: Owner,
    sink: EventSink,
    session: { sessionId: string; userId: string | undefined },
  ): Promise<Options> {
    const guardrails = this.#pre.filter(isGuardrail);
    if (guardrails.length === 0 || options.requirements === undefined) return options;
    const context: HookRunContext<Owner> = {
      owner,
      ownerId: owner.id,
      runId: options.runId,
      sessionId: session.sessionId,
      userId: session.userId,
      metadata: undefined,
      sink,
      record: () => {},
    };
    const screen = (text: string) => runPreHooks(guardrails, text, context, 'continue');
    const requirements: RequirementData[] = [];
    for (const entry of options.requirements) {
      const data = structuredClone(entry instanceof RunRequirement ? entry.toJSON() : entry);
      if (typeof data.decision?.reason === 'string' && data.decision.reason.length > 0) {
        data.decision.reason = await screen(data.decision.reason);
      }
      for (const field of data.userInputSchema ?? []) {
        if (typeof field.value === 'string' && field.value.length > 0)
          field.value = await screen(field.value);
      }
      requirements.push(data);
    }
    return { ...options, requirements };
  }

  /** Starts the background worker on `store` soon, when there are background hooks. */
  kick(store: Store, owner: Owner): void {
    this.#workerFor(store, owner)?.kick();
  }

  /** Waits for the background jobs of this agent (see `BackgroundHookWorker.flush`). */
  async flush(store: Store, owner: Owner, options: { timeoutMs?: number } = {}): Promise<FlushSummary> {
    const worker = this.#workerFor(store, owner);
    return worker === undefined
      ? { completed: 0, failedAttempts: 0, pending: 0, unknown: 0 }
      : worker.flush(options);
  }

  #workerFor(store: Store, owner: Owner): BackgroundHookWorker<Owner> | undefined {
    if (this.#background.size === 0) return undefined;
    this.#worker ??= new BackgroundHookWorker(store, owner.id, owner, this.#background, this.#options);
    return this.#worker;
  }
}
