import type { Store } from '../db/store.js';
import type { SpanRecord } from './span-record.js';

/** Spans buffered before a leg waits for the write instead of leaving it to the next tick. */
export const MAX_BUFFERED_SPANS = 512;

/** One writer per store, shared by every agent that traces into it. */
const writers = new WeakMap<Store, SpanWriter>();

/**
 * Writes finished spans to a store off the run's path: the spans of every leg that ends in one
 * tick go to the store in one `saveSpans` batch on the next tick (`setImmediate`), so a run
 * returns without waiting for its trace and a busy process writes many legs per transaction.
 * Past {@link MAX_BUFFERED_SPANS} the leg that adds more waits for the write, so a tight loop
 * that never yields cannot grow the buffer without bound. Batches are written one at a time, in
 * order; a failed batch goes to `onError` and is dropped (traces are diagnostics).
 */
export class SpanWriter {
  readonly store: Store;
  #pending: SpanRecord[] = [];
  #scheduled = false;
  #writing: Promise<void> | undefined;
  readonly #onError: Set<(error: unknown) => void> = new Set();

  private constructor(store: Store) {
    this.store = store;
  }

  /** The writer of a store (created on first use). */
  static of(store: Store): SpanWriter {
    let writer = writers.get(store);
    if (writer === undefined) {
      writer = new SpanWriter(store);
      writers.set(store, writer);
    }
    return writer;
  }

  /** Queues spans; resolves at once, or after a write when the buffer is full. */
  add(spans: readonly SpanRecord[], onError: (error: unknown) => void): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    for (const span of spans) this.#pending.push(span);
    this.#onError.add(onError);
    if (this.#pending.length >= MAX_BUFFERED_SPANS) return this.flush();
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        void this.flush();
      });
    }
    return Promise.resolve();
  }

  /** Writes everything queued so far (and waits for a write in progress); never rejects. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined || this.#pending.length > 0) {
      if (this.#writing === undefined) {
        const spans = this.#pending;
        const handlers = [...this.#onError];
        this.#pending = [];
        this.#onError.clear();
        this.#writing = this.#write(spans, handlers).finally(() => {
          this.#writing = undefined;
        });
      }
      await this.#writing;
    }
  }

  async #write(spans: SpanRecord[], handlers: Array<(error: unknown) => void>): Promise<void> {
    try {
      await this.store.saveSpans(spans);
    } catch (error) {
      for (const handler of handlers) {
        try {
          handler(error);
        } catch {
          // A failing error handler must not fail the run, nor keep the others from hearing.
        }
      }
    }
  }
}
