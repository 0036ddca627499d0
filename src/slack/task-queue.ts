/**
 * Background work of the Slack interface: tasks with the same key (a run id) run one after the
 * other, in the order they were queued, so a run's prompt is posted before its update and its
 * answer; different keys run concurrently. A task's failure goes to `onError` and never stops the
 * tasks after it. {@link idle} waits until everything queued, including work queued meanwhile,
 * has finished.
 */
export class TaskQueue {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #onError: (error: unknown, key: string) => void;

  constructor(onError: (error: unknown, key: string) => void) {
    this.#onError = onError;
  }

  /** Runs `task` after the tasks queued before it under the same key. */
  enqueue(key: string, task: () => Promise<void>): void {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => this.#onError(error, key));
    this.#tails.set(key, next);
    this.track(next);
    void next.finally(() => {
      if (this.#tails.get(key) === next) this.#tails.delete(key);
    });
  }

  /** Keeps a promise that is not keyed (a resumed run, an ephemeral notice) until it settles. */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      (error: unknown) => this.#onError(error, 'background'),
    );
    this.#inFlight.add(settled);
    void settled.finally(() => this.#inFlight.delete(settled));
  }

  /** Resolves once no task is queued or running. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
