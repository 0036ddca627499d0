import type { SpanRecord } from '../../tracing/span-record.js';
import type { PruneTracesOptions, TraceDetail, TracePage, TraceQuery } from '../../tracing/trace-record.js';
import {
  activeTraceFilters,
  encodeTraceCursor,
  pruneCutoff,
  resolveTraceQueryBounds,
  toTraceSummary,
  totalsOf,
  validateSpans,
} from '../shared/index.js';
import type { QueryRunner, SqlBackend } from './sql-backend.js';
import {
  createTraceQueries,
  rowToSpan,
  rowToTotals,
  type SpanRow,
  spanToRow,
  type TraceListParameters,
  type TraceQueries,
  totalsToRow,
} from './sql-trace-queries.js';

/** How many traces one prune transaction deletes, so a large sweep never holds locks for long. */
const PRUNE_BATCH = 500;

/** Rows per multi-row statement: PostgreSQL binds at most 65,535 parameters (15 per span). */
const ROWS_PER_STATEMENT = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += ROWS_PER_STATEMENT) {
    result.push(items.slice(index, index + ROWS_PER_STATEMENT));
  }
  return result;
}

/**
 * The traces of {@link SqlStore}: span batches with their trace totals in one transaction,
 * listings on precompiled queries, and pruning in batches. Nothing here touches runs, approval
 * records or the audit log.
 */
export class SqlTraces {
  readonly #backend: SqlBackend;
  readonly #queries: TraceQueries;

  constructor(backend: SqlBackend) {
    this.#backend = backend;
    this.#queries = createTraceQueries(backend.db, backend.rowLocks);
  }

  /** Stores the spans not stored yet and adds exactly those to their traces' totals. */
  async save(spans: readonly SpanRecord[]): Promise<void> {
    validateSpans(spans);
    if (spans.length === 0) return;
    const rows = spans.map((span) => spanToRow(span, (value) => this.#backend.encodeJson(value)));
    await this.#backend.transaction(async (run) => {
      const inserted = await this.#insertSpans(run, spans, rows);
      const traces = [...totalsOf(inserted).values()].map(totalsToRow);
      if (this.#backend.batchInserts && traces.length > 1) {
        for (const chunk of chunks(traces)) await run(this.#queries.upsertTraces(chunk));
        return;
      }
      for (const trace of traces) await run(this.#queries.upsertTrace(trace));
    });
  }

  async #insertSpans(run: QueryRunner, spans: readonly SpanRecord[], rows: SpanRow[]): Promise<SpanRecord[]> {
    if (this.#backend.batchInserts && rows.length > 1) {
      const keys = new Set<string>();
      for (const chunk of chunks(rows)) {
        const { rows: stored } = await run(this.#queries.insertSpans(chunk));
        for (const row of stored) keys.add(`${row.trace_id}:${row.span_id}`);
      }
      // Each stored key once: a span given twice in the batch was inserted once.
      return spans.filter((span) => keys.delete(`${span.traceId}:${span.spanId}`));
    }
    const inserted: SpanRecord[] = [];
    for (const [index, row] of rows.entries()) {
      const result = await run(this.#queries.insertSpan(row));
      if (result.numAffectedRows) inserted.push(spans[index] as SpanRecord);
    }
    return inserted;
  }

  async list(query: TraceQuery): Promise<TracePage> {
    const { limit, after } = resolveTraceQueryBounds(query);
    const filters = activeTraceFilters(query);
    const parameters: TraceListParameters = { limit: limit + 1 };
    for (const filter of filters) parameters[filter] = query[filter];
    if (after !== null) {
      parameters.afterStartTime = after.startTime;
      parameters.afterTraceId = after.traceId;
    }
    // One extra row tells whether another page exists without a count query.
    const { rows } = await this.#backend.execute(
      this.#queries.listTraces(filters, after !== null)(parameters),
    );
    const page = rows.slice(0, limit).map(rowToTotals);
    const last = page.at(-1);
    return {
      items: page.map(toTraceSummary),
      nextCursor:
        rows.length > limit && last !== undefined
          ? encodeTraceCursor({ startTime: last.startTime, traceId: last.traceId })
          : null,
    };
  }

  async get(traceId: string): Promise<TraceDetail | null> {
    const { rows } = await this.#backend.execute(this.#queries.getTrace({ traceId }));
    const row = rows[0];
    if (row === undefined) return null;
    const { rows: spans } = await this.#backend.execute(this.#queries.getSpans({ traceId }));
    return {
      trace: toTraceSummary(rowToTotals(row)),
      spans: spans.map((span) => rowToSpan(span, (stored) => this.#backend.decodeJson(stored))),
    };
  }

  /**
   * Deletes due traces and their spans, {@link PRUNE_BATCH} traces per transaction. On PostgreSQL
   * the due rows are locked first, so a trace that a continuing run extends meanwhile is re-checked
   * against the cutoff and kept.
   */
  async prune(options: PruneTracesOptions): Promise<number> {
    const cutoff = pruneCutoff(options);
    let deleted = 0;
    for (;;) {
      const count = await this.#backend.transaction(async (run) => {
        const { rows } = await run(this.#queries.dueTraces({ cutoff, limit: PRUNE_BATCH }));
        if (rows.length === 0) return 0;
        const traceIds = rows.map((row) => row.trace_id);
        await run(this.#queries.deleteSpans(traceIds));
        await run(this.#queries.deleteTraces(traceIds));
        return traceIds.length;
      });
      deleted += count;
      if (count < PRUNE_BATCH) return deleted;
    }
  }
}
