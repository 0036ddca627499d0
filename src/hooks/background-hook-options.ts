import type { RunEvent } from '../run/run-events.js';

/** How an agent runs its background hooks. */
export interface BackgroundHookOptions {
  /** Attempts per job before it is `failed` for good (default 5; a hook's own `maxAttempts` wins). */
  maxAttempts?: number;
  /** Wait before each retry, in milliseconds; the last one repeats (default 1 s, 5 s, 30 s, 2 min, 10 min). */
  retryDelaysMs?: readonly number[];
  /** How long a worker holds a claimed job; past it, another worker may run it (default 60 s). */
  leaseMs?: number;
  /**
   * Receives `hook-failed` events of background jobs (a failed attempt, a job for a hook this
   * agent does not know). Default: one line on `console.warn`.
   */
  onEvent?: (event: RunEvent) => void;
}

/** The default wait before each retry. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];
/** The default attempts per background job. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** The default lease of a claimed job. */
export const DEFAULT_JOB_LEASE_MS = 60_000;

/** The wait before the retry that follows attempt `attempt` (1-based). */
export function retryDelay(delays: readonly number[], attempt: number): number {
  if (delays.length === 0) return 0;
  return delays[Math.min(attempt, delays.length) - 1] as number;
}
