import type { AuditEntryInput } from '../../audit/audit-entry.js';
import type { Store } from '../../db/store.js';
import type { Logger } from '../logger.js';

/** How long one window of unauthenticated refusals of a route and reason lasts by default, in milliseconds. */
export const UNAUTHENTICATED_REFUSAL_WINDOW_MS = 60_000;

/** A request refused for missing or invalid credentials (HTTP 401). */
export interface UnauthenticatedRefusal {
  /** The route tried, as the route table names it: `POST /approvals/{approvalId}/resolve`. */
  attempted: string;
  /** Why the credentials were refused (`missing`, `invalid-token`, `invalid-signature`, ...). */
  reason: string;
}

interface RefusalWindow {
  refusal: UnauthenticatedRefusal;
  startedAt: number;
  /** Refusals after the first one of the window, not written yet. */
  repeats: number;
  lastAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Audits requests refused for missing or invalid credentials (HTTP 401) without letting anonymous
 * callers grow the append-only log at will. Per route and reason, the first refusal of a window
 * is written at once as an `access-denied` entry (`actor: 'anonymous'`, `data.count: 1`); the
 * repeats within the window are counted and written as one entry (`data.count: n`,
 * `data.repeated: true`) when the window ends or on {@link flush}. The log grows by at most two
 * entries per route, reason and window whatever the request rate (routes come from the route
 * table and reasons from a fixed list, never from the request), and the counts add up to every
 * refusal. A failed write is logged and swallowed: the caller's 401 is what matters.
 */
export class UnauthenticatedRefusals {
  readonly #db: Store;
  readonly #logger: Logger;
  readonly #windowMs: number;
  readonly #windows = new Map<string, RefusalWindow>();
  readonly #writes = new Set<Promise<void>>();

  constructor(options: { db: Store; logger: Logger; windowMs?: number | undefined }) {
    this.#db = options.db;
    this.#logger = options.logger;
    this.#windowMs = options.windowMs ?? UNAUTHENTICATED_REFUSAL_WINDOW_MS;
  }

  /** Counts one refusal; resolves once its entry is written when it opens a window. */
  async record(refusal: UnauthenticatedRefusal): Promise<void> {
    const key = `${refusal.attempted}\u0000${refusal.reason}`;
    const now = Date.now();
    const open = this.#windows.get(key);
    if (open !== undefined && now - open.startedAt < this.#windowMs) {
      open.repeats += 1;
      open.lastAt = now;
      open.timer ??= this.#closeLater(key, open, open.startedAt + this.#windowMs - now);
      return;
    }
    if (open !== undefined) this.#close(key, open);
    this.#windows.set(key, { refusal, startedAt: now, repeats: 0, lastAt: now, timer: undefined });
    await this.#write(refusal, { count: 1 });
  }

  /** Writes the repeats counted so far (every open window's) and waits for every pending write. */
  async flush(): Promise<void> {
    for (const [key, window] of this.#windows) this.#close(key, window);
    while (this.#writes.size > 0) await Promise.all([...this.#writes]);
  }

  #closeLater(key: string, window: RefusalWindow, delayMs: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => this.#close(key, window), Math.max(0, delayMs));
    timer.unref?.();
    return timer;
  }

  /** Ends a window: its repeats become one entry. */
  #close(key: string, window: RefusalWindow): void {
    if (window.timer !== undefined) clearTimeout(window.timer);
    window.timer = undefined;
    if (this.#windows.get(key) === window) this.#windows.delete(key);
    if (window.repeats === 0) return;
    const count = window.repeats;
    window.repeats = 0;
    void this.#write(window.refusal, {
      count,
      repeated: true,
      firstAt: window.startedAt,
      lastAt: window.lastAt,
    });
  }

  #write(refusal: UnauthenticatedRefusal, extra: Record<string, unknown>): Promise<void> {
    const entry: AuditEntryInput = {
      action: 'access-denied',
      actor: 'anonymous',
      actorRoles: [],
      data: { attempted: refusal.attempted, reason: refusal.reason, via: 'anonymous', ...extra },
    };
    const write = this.#db.appendAudit([entry]).then(
      () => undefined,
      (error: unknown) => {
        this.#logger.error(
          `could not write the access-denied audit entry of a 401 (${refusal.attempted}): ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      },
    );
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write));
    return write;
  }
}
