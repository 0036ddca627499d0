import type { Store, StoredRun } from '../db/store.js';
import { copyRunDocument } from './run-document.js';

/** How many loaded runs an agent keeps for the continue that usually follows. */
const CAPACITY = 32;

/**
 * The paused runs an agent's `getRun` loaded last, each with a private copy of its document, so
 * that the `continueRun` that usually follows (load, decide, continue) claims the run without
 * reading its row a second time. An entry is used once and only with the store it came from.
 * It can be stale (the run changed since): the claim is a compare-and-set on the version, and a
 * claim from a stale entry that fails is retried from a fresh read, so a cached entry never
 * changes what a continue does.
 */
export class LoadedRuns {
  readonly #entries = new Map<string, { store: Store; run: StoredRun }>();

  /** Keeps a copy of a paused run; the caller goes on using (and deciding on) its own document. */
  remember(store: Store, run: StoredRun): void {
    if (run.document.status !== 'paused') return;
    this.#entries.delete(run.document.runId);
    if (this.#entries.size >= CAPACITY) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(run.document.runId, {
      store,
      run: { ...run, document: copyRunDocument(run.document) },
    });
  }

  /** The remembered run, removed: each entry serves one claim at most. */
  take(store: Store, runId: string): StoredRun | undefined {
    const entry = this.#entries.get(runId);
    if (entry === undefined) return undefined;
    this.#entries.delete(runId);
    return entry.store === store ? entry.run : undefined;
  }
}
