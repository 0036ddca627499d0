import { InputCheckError } from '../../errors/input-check-error.js';
import { MigrationRequiredError } from '../../errors/migration-required-error.js';
import { OutputCheckError } from '../../errors/output-check-error.js';
import { StorageError } from '../../errors/storage-error.js';
import type { RunEvent } from '../../run/run-events.js';
import type { RunOutput } from '../../run/run-output.js';
import { RunStream } from '../../run/run-stream.js';
import type { EventBus } from '../event-bus.js';
import type { RunTarget } from '../run-target.js';

/** The event a finished leg would have ended its stream with, for targets without streams. */
function finalEvent(output: RunOutput): RunEvent {
  const base = { runId: output.runId, at: Date.now() };
  if (output.status === 'paused') {
    return {
      ...base,
      type: 'run-paused',
      requirements: output.toDocument().requirements,
      content: output.content ?? '',
    };
  }
  if (output.status === 'error') {
    return { ...base, type: 'run-error', error: output.error ?? { type: 'Error', message: 'unknown' } };
  }
  if (output.status === 'cancelled') return { ...base, type: 'run-cancelled' };
  return { ...base, type: 'run-completed', content: output.content, usage: output.usage };
}

/**
 * Publishes a run event on the bus. A continue's `approval-resolved` / `approval-expired` events
 * are left out: the bus already carried them when the record was decided (resolve, cancel, the
 * expiry sweep), where they happened.
 */
export function publishRunEvent(bus: EventBus, event: RunEvent): void {
  // Token deltas stay on the run's own stream; live pages want the lifecycle, not every word.
  if (event.type === 'text-delta') return;
  if (event.type === 'approval-resolved' || event.type === 'approval-expired') return;
  bus.publish(event);
}

/**
 * One leg of a run served by the AgentOS (a start or a continue): its events go to the bus as
 * they happen and to whoever iterates {@link stream}; {@link settle} gives the final run.
 */
export class ServedLeg {
  readonly stream: RunStream;
  /** The run's id, once an event named it. */
  runId: string | undefined;
  /** Whether the leg ended with a `run-error` event (the run is then stored with status `error`). */
  failed = false;

  constructor(
    bus: EventBus,
    options: { stream?: () => RunStream; run: () => Promise<RunOutput>; runId?: string },
  ) {
    this.runId = options.runId;
    const observe = (sink: (event: RunEvent) => void) => (event: RunEvent) => {
      this.runId ??= event.runId;
      if (event.type === 'run-error') this.failed = true;
      sink(event);
      publishRunEvent(bus, event);
    };
    this.stream = new RunStream(async (sink) => {
      const forward = observe(sink);
      if (options.stream) {
        const inner = options.stream();
        for await (const event of inner) forward(event);
        return inner.output;
      }
      const output = await options.run();
      forward(finalEvent(output));
      return output;
    });
  }

  /**
   * The run once the leg ends. A run that failed after it started is stored with status `error`
   * and is returned as such (the caller asked for a run and gets it, failure included); errors
   * before the run started, and storage failures, are thrown.
   */
  async settle(target: RunTarget): Promise<RunOutput> {
    try {
      return await this.stream.output;
    } catch (error) {
      if (!this.failed || this.runId === undefined) throw error;
      if (error instanceof StorageError || error instanceof MigrationRequiredError) throw error;
      // A guardrail's refusal is the caller's to see as such (422 with its checkTrigger).
      if (error instanceof InputCheckError || error instanceof OutputCheckError) throw error;
      const stored = await target.getRun(this.runId);
      if (stored?.status !== 'error') throw error;
      return stored;
    }
  }
}

/** A leg opened for a streaming response: the first event is already known. */
export interface OpenedLeg {
  events: AsyncIterable<RunEvent>;
  output: Promise<RunOutput>;
}

/**
 * Waits for a leg's first event before a response commits to server-sent events, so a leg that
 * fails before anything happened (an unknown run, a conflict) still gets its proper HTTP status.
 */
export async function openLeg(leg: ServedLeg): Promise<OpenedLeg> {
  const iterator = leg.stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) await leg.stream.output; // throws the error that ended the leg early
  async function* events(): AsyncGenerator<RunEvent> {
    if (!first.done) yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { events: events(), output: leg.stream.output };
}
