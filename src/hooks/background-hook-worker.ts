import type { HookJob, Store } from '../db/store.js';
import { upgradeRunDocument } from '../run/run-document-upgrade.js';
import type { HookFailedEvent, RunEvent } from '../run/run-events.js';
import { RunOutput } from '../run/run-output.js';
import { INSTANCE_ID } from '../run/run-runtime.js';
import {
  type BackgroundHookOptions,
  DEFAULT_JOB_LEASE_MS,
  DEFAULT_RETRY_DELAYS_MS,
  retryDelay,
} from './background-hook-options.js';
import type { HookDefinition, PostHookContext, PostHookResult } from './hook-types.js';

/** What {@link BackgroundHookWorker.flush} saw. */
export interface FlushSummary {
  /** Jobs this worker completed during the flush. */
  completed: number;
  /** Attempts that failed during the flush (retried later or given up). */
  failedAttempts: number;
  /** Jobs of this agent's hooks still waiting (a retry not due yet, or held by another worker) when the flush ended. */
  pending: number;
  /** Jobs waiting for a hook this agent does not know. */
  unknown: number;
}

const CLAIM_BATCH = 10;
const POLL_MS = 50;

function logEvent(event: RunEvent): void {
  if (event.type !== 'hook-failed') return;
  const retry = event.willRetry === undefined ? '' : event.willRetry ? ' (will retry)' : ' (given up)';
  console.warn(
    `countersign: background hook ${event.hookName} of run ${event.runId} failed${event.attempt ? ` on attempt ${event.attempt}` : ''}${retry}: ${event.error.message}`,
  );
}

/**
 * Runs an agent's background hooks from the durable outbox in the store: claims due jobs of the
 * hooks it knows (with a lease), calls each hook with the stored run, and records the outcome
 * (completed, or failed with the next retry time from the backoff schedule). A job whose worker
 * died is claimed again once its lease ends, so no job is lost to a crash; jobs for a hook this
 * agent does not know stay queued and are reported once. Work starts when a run enqueued jobs
 * ({@link kick}), on {@link flush}, and when a retry falls due.
 */
export class BackgroundHookWorker<Owner> {
  readonly #store: Store;
  readonly #agentId: string;
  readonly #owner: Owner;
  readonly #hooks: ReadonlyMap<string, HookDefinition<PostHookContext<Owner>, PostHookResult>>;
  readonly #retryDelays: readonly number[];
  readonly #leaseMs: number;
  readonly #emit: (event: RunEvent) => void;
  readonly #workerId = `${INSTANCE_ID}-hooks-${Math.random().toString(36).slice(2, 8)}`;
  readonly #reportedUnknown = new Set<string>();
  #draining: Promise<void> | undefined;
  #again = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #completed = 0;
  #failedAttempts = 0;

  constructor(
    store: Store,
    agentId: string,
    owner: Owner,
    hooks: ReadonlyMap<string, HookDefinition<PostHookContext<Owner>, PostHookResult>>,
    options: BackgroundHookOptions = {},
  ) {
    this.#store = store;
    this.#agentId = agentId;
    this.#owner = owner;
    this.#hooks = hooks;
    this.#retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
    this.#emit = options.onEvent ?? logEvent;
  }

  /** Starts draining soon, after the current caller got its result; never throws. */
  kick(): void {
    setImmediate(() => {
      this.#drain().catch(() => {});
    });
  }

  /**
   * Runs every due job of this agent's hooks and waits for retries that fall due, until none is
   * left or `timeoutMs` passed (default 10 s); returns what happened.
   */
  async flush(options: { timeoutMs?: number } = {}): Promise<FlushSummary> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const start = { completed: this.#completed, failedAttempts: this.#failedAttempts };
    for (;;) {
      await this.#drain();
      const waiting = await this.#waitingJobs();
      const known = waiting.filter((job) => this.#hooks.has(job.hookName));
      const summary = {
        completed: this.#completed - start.completed,
        failedAttempts: this.#failedAttempts - start.failedAttempts,
        pending: known.length,
        unknown: waiting.length - known.length,
      };
      if (known.length === 0 || Date.now() >= deadline) return summary;
      const next = Math.min(
        ...known.map((job) => (job.status === 'running' ? (job.leaseUntil ?? 0) + 1 : job.runAfter)),
      );
      await new Promise((resolve) =>
        setTimeout(
          resolve,
          Math.max(0, Math.min(next - Date.now(), deadline - Date.now(), 1_000)) || POLL_MS,
        ),
      );
    }
  }

  /** One drain at a time; a request during a drain runs another pass after it. */
  #drain(): Promise<void> {
    if (this.#draining !== undefined) {
      this.#again = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      try {
        do {
          this.#again = false;
          await this.#pass();
        } while (this.#again);
      } finally {
        this.#draining = undefined;
      }
    })();
    return this.#draining;
  }

  async #pass(): Promise<void> {
    const names = [...this.#hooks.keys()];
    for (;;) {
      const jobs = await this.#store.claimHookJobs({
        owner: this.#workerId,
        now: Date.now(),
        leaseMs: this.#leaseMs,
        limit: CLAIM_BATCH,
        agentId: this.#agentId,
        hookNames: names,
      });
      if (jobs.length === 0) break;
      await Promise.all(jobs.map((job) => this.#run(job)));
    }
    const waiting = await this.#waitingJobs();
    for (const job of waiting) {
      if (this.#hooks.has(job.hookName) || this.#reportedUnknown.has(job.id)) continue;
      this.#reportedUnknown.add(job.id);
      this.#emitFailure(
        job,
        `agent ${this.#agentId} has no background hook named ${job.hookName}; the job stays queued`,
      );
    }
    this.#schedule(waiting);
  }

  async #run(job: HookJob): Promise<void> {
    const definition = this.#hooks.get(job.hookName);
    try {
      if (definition === undefined) throw new Error(`no background hook named ${job.hookName}`);
      const stored = await this.#store.getRun(job.runId);
      if (stored === null) throw new Error(`run ${job.runId} is not in the store`);
      const document = upgradeRunDocument(stored.document);
      await definition.fn({
        runOutput: new RunOutput(document),
        agent: this.#owner,
        session: {
          id: document.sessionId,
          ...(document.userId === undefined ? {} : { userId: document.userId }),
        },
        sessionId: document.sessionId,
        userId: document.userId,
        metadata: document.metadata,
        runId: document.runId,
        jobId: job.id,
        attempt: job.attempts,
      });
      if (await this.#store.completeHookJob(job.id, { owner: this.#workerId, now: Date.now() }))
        this.#completed++;
    } catch (error) {
      this.#failedAttempts++;
      const message = error instanceof Error ? error.message : String(error);
      const now = Date.now();
      const stored = await this.#store
        .failHookJob(job.id, {
          owner: this.#workerId,
          error: message,
          now,
          retryAt: now + retryDelay(this.#retryDelays, job.attempts),
        })
        .catch(() => null);
      this.#emitFailure(job, message, error, stored === null ? undefined : stored.status === 'pending');
    }
  }

  #emitFailure(job: HookJob, message: string, error?: unknown, willRetry?: boolean): void {
    const event: HookFailedEvent = {
      type: 'hook-failed',
      runId: job.runId,
      at: Date.now(),
      hookName: job.hookName,
      stage: 'background',
      error: { type: error instanceof Error ? error.name : 'Error', message },
      ...(error === undefined ? {} : { attempt: job.attempts }),
      ...(willRetry === undefined ? {} : { willRetry }),
    };
    try {
      this.#emit(event);
    } catch {
      // A listener that throws must not stop the worker.
    }
  }

  /** Jobs of this agent not finished yet: pending (due or not) and running. */
  async #waitingJobs(): Promise<HookJob[]> {
    const [pending, running] = await Promise.all([
      this.#store.listHookJobs({ agentId: this.#agentId, status: 'pending', limit: 500 }),
      this.#store.listHookJobs({ agentId: this.#agentId, status: 'running', limit: 500 }),
    ]);
    return [...pending, ...running];
  }

  /** Wakes up when the next retry of a known hook falls due (the timer never keeps the process alive). */
  #schedule(waiting: readonly HookJob[]): void {
    const due = waiting
      .filter((job) => job.status === 'pending' && this.#hooks.has(job.hookName))
      .map((job) => job.runAfter);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (due.length === 0) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#drain().catch(() => {});
      },
      Math.max(0, Math.min(...due) - Date.now()),
    );
    this.#timer.unref?.();
  }
}
