/** How often a store sweeps expired approvals as a side effect of reads. */
export const LAZY_EXPIRY_INTERVAL_MS = 1_000;

/**
 * Decides when a read runs the lazy expiry sweep: at most once per {@link LAZY_EXPIRY_INTERVAL_MS}
 * per store instance, so that listing approvals stays a plain read almost always. Reads that find
 * a record past its expiry between two sweeps sweep at once (see the backends).
 */
export class ExpirySchedule {
  #lastSweep = Number.NEGATIVE_INFINITY;

  /** Whether a sweep is due at `nowMs`; when it is, the next one is not due for a second. */
  take(nowMs: number = Date.now()): boolean {
    if (nowMs - this.#lastSweep < LAZY_EXPIRY_INTERVAL_MS) return false;
    this.#lastSweep = nowMs;
    return true;
  }

  /** Records a sweep made for another reason (a forced one), so the schedule restarts from it. */
  swept(nowMs: number = Date.now()): void {
    this.#lastSweep = nowMs;
  }
}
