import { StorageError, ValidationError } from '../../errors/index.js';
import type { ClaimHookJobsOptions, HookJob, HookJobQuery } from '../store.js';

/** The page size of `listHookJobs` when the query names none. */
export const DEFAULT_HOOK_JOBS_LIMIT = 100;
/** The largest page `listHookJobs` returns. */
export const MAX_HOOK_JOBS_LIMIT = 500;
/** The most jobs one `claimHookJobs` call takes. */
export const MAX_HOOK_JOBS_CLAIM = 100;

function checkLimit(value: number, maximum: number, method: string): number {
  if (!Number.isInteger(value) || value < 1 || value > maximum) {
    throw new ValidationError(
      `${method} limit must be an integer from 1 to ${maximum}, got ${String(value)}.`,
      [{ path: 'limit', message: `must be an integer from 1 to ${maximum}` }],
    );
  }
  return value;
}

/** The checked limit of a `listHookJobs` query. */
export function hookJobsListLimit(query: HookJobQuery): number {
  return checkLimit(query.limit ?? DEFAULT_HOOK_JOBS_LIMIT, MAX_HOOK_JOBS_LIMIT, 'listHookJobs');
}

/** The checked limit of a `claimHookJobs` call. */
export function hookJobsClaimLimit(options: ClaimHookJobsOptions): number {
  return checkLimit(options.limit, MAX_HOOK_JOBS_CLAIM, 'claimHookJobs');
}

/** Whether a job may be claimed at `now`: pending and due, or running with an ended lease (its worker died). */
export function isClaimable(job: HookJob, now: number): boolean {
  return (
    (job.status === 'pending' && job.runAfter <= now) ||
    (job.status === 'running' && job.leaseUntil !== null && job.leaseUntil < now)
  );
}

/** The status a failed attempt leaves: `pending` for a retry, or `failed` once the attempts are used up. */
export function statusAfterFailure(job: Pick<HookJob, 'attempts' | 'maxAttempts'>): 'pending' | 'failed' {
  return job.attempts >= job.maxAttempts ? 'failed' : 'pending';
}

/** The error for a job id that is already in the outbox. */
export function duplicateHookJobError(id: string, cause?: unknown): StorageError {
  return new StorageError(`Hook job ${id} is already in the outbox; give every job a new id.`, { cause });
}
