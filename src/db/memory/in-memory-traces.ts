import type { SpanRecord } from '../../tracing/span-record.js';
import type { PruneTracesOptions, TraceDetail, TracePage, TraceQuery } from '../../tracing/trace-record.js';
import {
  activeTraceFilters,
  compareTracesNewestFirst,
  encodeTraceCursor,
  mergeTraceTotals,
  pruneCutoff,
  resolveTraceQueryBounds,
  type TraceTotals,
  toTraceSummary,
  totalsOf,
  validateSpans,
} from '../shared/index.js';

/** One stored trace: its running totals and its spans by span id. */
interface TraceEntry {
  totals: TraceTotals;
  spans: Map<string, SpanRecord>;
}

/**
 * The traces of `InMemoryDb`: a map of traces, each with its spans. It follows the SQL backends
 * exactly (a span stored twice counts once, the same ordering, cursors and pruning rule). Spans
 * are copied in and out, so callers never share objects with the store.
 */
export class InMemoryTraces {
  readonly #traces = new Map<string, TraceEntry>();

  save(spans: readonly SpanRecord[]): void {
    validateSpans(spans);
    // A span already stored, or given twice in the batch, is stored once (SQL: `on conflict do nothing`).
    const seen = new Set<string>();
    const fresh = spans.filter((span) => {
      const key = `${span.traceId}:${span.spanId}`;
      if (seen.has(key) || this.#traces.get(span.traceId)?.spans.has(span.spanId)) return false;
      seen.add(key);
      return true;
    });
    for (const [traceId, added] of totalsOf(fresh)) {
      const entry = this.#traces.get(traceId);
      if (entry === undefined) this.#traces.set(traceId, { totals: added, spans: new Map() });
      else entry.totals = mergeTraceTotals(entry.totals, added);
    }
    for (const span of fresh) {
      this.#traces.get(span.traceId)?.spans.set(span.spanId, structuredClone(span));
    }
  }

  list(query: TraceQuery): TracePage {
    const { limit, after } = resolveTraceQueryBounds(query);
    const filters = activeTraceFilters(query);
    const matches: TraceTotals[] = [];
    for (const { totals } of this.#traces.values()) {
      if (filters.some((filter) => totals[filter] !== query[filter])) continue;
      if (after !== null && compareTracesNewestFirst(totals, after.startTime, after.traceId) <= 0) continue;
      matches.push(totals);
    }
    matches.sort((left, right) => compareTracesNewestFirst(left, right.startTime, right.traceId));
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toTraceSummary),
      nextCursor:
        matches.length > limit && last !== undefined
          ? encodeTraceCursor({ startTime: last.startTime, traceId: last.traceId })
          : null,
    };
  }

  get(traceId: string): TraceDetail | null {
    const entry = this.#traces.get(traceId);
    if (entry === undefined) return null;
    const spans = [...entry.spans.values()]
      .sort((left, right) => left.startTime - right.startTime || (left.spanId < right.spanId ? -1 : 1))
      .map((span) => structuredClone(span));
    return { trace: toTraceSummary(entry.totals), spans };
  }

  prune(options: PruneTracesOptions): number {
    const cutoff = pruneCutoff(options);
    let deleted = 0;
    for (const [traceId, entry] of this.#traces) {
      if (entry.totals.endTime < cutoff) {
        this.#traces.delete(traceId);
        deleted += 1;
      }
    }
    return deleted;
  }

  clear(): void {
    this.#traces.clear();
  }
}
