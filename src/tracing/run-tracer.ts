import { ProxyTracer, trace } from '@opentelemetry/api';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { RunDocument } from '../run/run-document.js';
import type { AgentRuntime } from '../run/run-runtime.js';
import { LegTrace } from './leg-trace.js';
import { SpanWriter } from './span-writer.js';

/** The instrumentation scope of Countersign's OpenTelemetry spans. */
export const TRACER_NAME = 'countersign';

/** The object form of the agent option `tracing`. */
export interface TracingOptions {
  /**
   * Where the spans are stored; defaults to the agent's `db`. Another store keeps high-volume
   * traces in a separate database (migrated like any store), away from runs and the audit log.
   */
  store?: Store;
  /**
   * Called when storing a leg's spans fails. The run is not affected: traces are diagnostics.
   * Defaults to a one-line console warning.
   */
  onError?: (error: unknown) => void;
}

function warn(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`countersign: the spans of a run could not be stored (${message}).`);
}

/**
 * An agent's tracer: opens a {@link LegTrace} for each leg of a run and hands the leg's spans to
 * the store's {@link SpanWriter} when it ends (written on the next tick, many legs per batch).
 * OpenTelemetry spans are made only while a tracer provider is registered with
 * `@opentelemetry/api` (checked per leg, so a provider registered later is picked up); store
 * records only when there is a store.
 */
export class RunTracer {
  readonly store: Store | undefined;
  readonly #writer: SpanWriter | undefined;
  readonly #onError: (error: unknown) => void;

  constructor(options: TracingOptions = {}) {
    this.store = options.store;
    this.#writer = options.store === undefined ? undefined : SpanWriter.of(options.store);
    this.#onError = options.onError ?? warn;
  }

  /** A trace for the leg about to run, or `undefined` when nobody would receive its spans. */
  startLeg(runtime: AgentRuntime, document: RunDocument): LegTrace | undefined {
    const tracer = trace.getTracer(TRACER_NAME);
    // Without a registered provider the API hands out proxies to its no-op tracer.
    const live = tracer instanceof ProxyTracer ? undefined : tracer;
    if (live === undefined && this.store === undefined) return undefined;
    return new LegTrace(runtime, document, live);
  }

  /**
   * Queues the ended leg's spans for the store. Resolves at once, unless the writer's buffer is
   * full and the leg has to wait for a write. A failed write goes to `onError`, never to the run.
   */
  finishLeg(leg: LegTrace): Promise<void> {
    return this.#writer === undefined
      ? Promise.resolve()
      : this.#writer.add(leg.spans.splice(0), this.#onError);
  }

  /** Writes every queued span of the trace store (all agents tracing into it) and waits for it. */
  flush(): Promise<void> {
    return this.#writer === undefined ? Promise.resolve() : this.#writer.flush();
  }
}

/**
 * The tracer of an agent from its `tracing` option: `false` none; `true` or absent: spans go to a
 * registered OpenTelemetry provider and, when the agent has a db, to that db; `{ store }`: to that
 * store instead.
 */
export function createRunTracer(
  option: boolean | TracingOptions | undefined,
  db: Store | undefined,
): RunTracer | undefined {
  if (option === false) return undefined;
  // Default: OpenTelemetry spans only (free when no provider is registered); storing them is opt-in.
  if (option === undefined) return new RunTracer({});
  if (option === true) return new RunTracer(db === undefined ? {} : { store: db });
  if (typeof option !== 'object' || option === null) {
    throw new ConfigurationError(
      `The agent option tracing must be true, false or { store?, onError? }; got ${String(option)}.`,
    );
  }
  const store = option.store ?? db;
  return new RunTracer({
    ...(store === undefined ? {} : { store }),
    ...(option.onError === undefined ? {} : { onError: option.onError }),
  });
}
