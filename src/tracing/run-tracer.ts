import { ProxyTracer, trace } from '@opentelemetry/api';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { RunDocument } from '../run/run-document.js';
import type { AgentRuntime } from '../run/run-runtime.js';
import { LegTrace } from './leg-trace.js';

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
 * An agent's tracer: opens a {@link LegTrace} for each leg of a run and stores the leg's spans in
 * one batch when it ends. OpenTelemetry spans are made only while a tracer provider is registered
 * with `@opentelemetry/api` (checked per leg, so a provider registered later is picked up); store
 * records only when there is a store.
 */
export class RunTracer {
  readonly store: Store | undefined;
  readonly #onError: (error: unknown) => void;

  constructor(options: TracingOptions = {}) {
    this.store = options.store;
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

  /** Stores the leg's finished spans in one batch; a failure goes to `onError`, never to the run. */
  async flush(leg: LegTrace): Promise<void> {
    if (this.store === undefined || leg.spans.length === 0) return;
    const spans = leg.spans.splice(0);
    try {
      await this.store.saveSpans(spans);
    } catch (error) {
      try {
        this.#onError(error);
      } catch {
        // A failing error handler must not fail the run either.
      }
    }
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
  if (option === undefined || option === true) return new RunTracer(db === undefined ? {} : { store: db });
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
