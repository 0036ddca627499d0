import type { RunEvent } from './run-events.js';
import type { RunOutput } from './run-output.js';

/**
 * The events of one run leg as an async iterable, plus the final {@link RunOutput}. The run starts
 * at once and events are buffered, so a slow reader never loses one; `output` settles whether or
 * not anybody iterates.
 *
 * @example
 * const stream = agent.runStream('Restart billing');
 * for await (const event of stream) if (event.type === 'text-delta') process.stdout.write(event.delta);
 * const run = await stream.output;
 */
export class RunStream implements AsyncIterable<RunEvent> {
  /** Settles with the run's output when the leg ends (paused, completed), or rejects with its error. */
  readonly output: Promise<RunOutput>;
  readonly #buffer: RunEvent[] = [];
  #waiting: (() => void) | undefined;
  #done = false;

  /** Starts `start` with a sink that feeds this stream. */
  constructor(start: (sink: (event: RunEvent) => void) => Promise<RunOutput>) {
    const sink = (event: RunEvent) => {
      this.#buffer.push(event);
      this.#wake();
    };
    this.output = Promise.resolve()
      .then(() => start(sink))
      .finally(() => {
        this.#done = true;
        this.#wake();
      });
    // The error also arrives as a `run-error` event; a caller who only iterates must not see an
    // unhandled rejection.
    this.output.catch(() => {});
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    let index = 0;
    for (;;) {
      if (index < this.#buffer.length) {
        // biome-ignore lint/style/noNonNullAssertion: index is within the buffer.
        yield this.#buffer[index++]!;
        continue;
      }
      if (this.#done) return;
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
      });
    }
  }
}
