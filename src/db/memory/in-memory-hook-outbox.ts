import {
  duplicateHookJobError,
  hookJobsClaimLimit,
  hookJobsListLimit,
  isClaimable,
  statusAfterFailure,
} from '../shared/index.js';
import type {
  ClaimHookJobsOptions,
  FailHookJobOptions,
  HookJob,
  HookJobQuery,
  NewHookJob,
} from '../store.js';

/**
 * The background-hook outbox of `InMemoryDb`: jobs in insertion order. Inserts are split into
 * `assertInsertable` and `insert` so a run write can check everything before writing anything.
 */
export class InMemoryHookOutbox {
  readonly #jobs = new Map<string, HookJob>();

  /** Throws when a job id is already stored (or repeated in the batch); changes nothing. */
  assertInsertable(jobs: readonly NewHookJob[]): void {
    const seen = new Set<string>();
    for (const job of jobs) {
      if (this.#jobs.has(job.id) || seen.has(job.id)) throw duplicateHookJobError(job.id);
      seen.add(job.id);
    }
  }

  /** Stores checked jobs as `pending`. */
  insert(jobs: readonly NewHookJob[]): void {
    for (const job of jobs) {
      this.#jobs.set(job.id, {
        ...structuredClone(job),
        payload: toJson(job.payload),
        status: 'pending',
        attempts: 0,
        lastError: null,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: job.createdAt,
      });
    }
  }

  claim(options: ClaimHookJobsOptions): HookJob[] {
    const limit = hookJobsClaimLimit(options);
    const due = [...this.#jobs.values()]
      .filter(
        (job) =>
          isClaimable(job, options.now) &&
          (options.agentId === undefined || job.agentId === options.agentId) &&
          (options.hookNames === undefined || options.hookNames.includes(job.hookName)),
      )
      .sort((left, right) => left.runAfter - right.runAfter || left.createdAt - right.createdAt)
      .slice(0, limit);
    for (const job of due) {
      job.status = 'running';
      job.attempts += 1;
      job.leaseOwner = options.owner;
      job.leaseUntil = options.now + options.leaseMs;
      job.updatedAt = options.now;
    }
    return due.map((job) => structuredClone(job));
  }

  complete(id: string, options: { owner: string; now: number }): boolean {
    const job = this.#held(id, options.owner);
    if (job === undefined) return false;
    job.status = 'completed';
    job.leaseOwner = null;
    job.leaseUntil = null;
    job.updatedAt = options.now;
    return true;
  }

  fail(id: string, options: FailHookJobOptions): HookJob | null {
    const job = this.#held(id, options.owner);
    if (job === undefined) return null;
    job.status = statusAfterFailure(job);
    job.lastError = options.error;
    job.runAfter = options.retryAt;
    job.leaseOwner = null;
    job.leaseUntil = null;
    job.updatedAt = options.now;
    return structuredClone(job);
  }

  list(query: HookJobQuery): HookJob[] {
    const limit = hookJobsListLimit(query);
    return [...this.#jobs.values()]
      .filter(
        (job) =>
          (query.status === undefined || job.status === query.status) &&
          (query.agentId === undefined || job.agentId === query.agentId) &&
          (query.runId === undefined || job.runId === query.runId),
      )
      .sort((left, right) => left.createdAt - right.createdAt)
      .slice(0, limit)
      .map((job) => structuredClone(job));
  }

  #held(id: string, owner: string): HookJob | undefined {
    const job = this.#jobs.get(id);
    return job !== undefined && job.status === 'running' && job.leaseOwner === owner ? job : undefined;
  }
}

function toJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}
