import { type Kysely, sql } from 'kysely';
import type { SpanRecord, SpanRecordKind, SpanRecordStatus } from '../../tracing/span-record.js';
import type { TraceFilter, TraceTotals } from '../shared/index.js';
import { type PrecompiledQuery, precompile } from './precompile.js';
import type { CountersignTables, SpansTable, TracesTable } from './tables.js';

/** A span row as reads return it and inserts bind it (the attributes JSON encoded by the backend). */
export type SpanRow = Omit<SpansTable, 'attributes'> & { attributes: unknown };

/** A trace row as an insert binds it. */
export type TraceRowValues = Omit<TracesTable, 'total_tokens'> & { total_tokens: number };

/** A trace row as reads return it (`total_tokens` is a string from PostgreSQL's `bigint`). */
export type TraceRow = Omit<TracesTable, 'total_tokens'> & { total_tokens: number | string };

/** The bound values of a trace listing: the filters, the keyset position and the page size. */
export type TraceListParameters = Partial<Record<TraceFilter, string>> & {
  afterStartTime?: number;
  afterTraceId?: string;
  limit: number;
};

/** The column of each trace filter. */
const FILTER_COLUMNS: Record<TraceFilter, 'run_id' | 'agent_id' | 'team_id' | 'session_id'> = {
  runId: 'run_id',
  agentId: 'agent_id',
  teamId: 'team_id',
  sessionId: 'session_id',
};

/** Turns a span into the values of its row; `encodeJson` is the backend's JSON encoding. */
export function spanToRow(span: SpanRecord, encodeJson: (value: unknown) => unknown): SpanRow {
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    start_time: span.startTime,
    end_time: span.endTime,
    duration_ms: span.durationMs,
    status: span.status,
    status_message: span.statusMessage ?? null,
    attributes: encodeJson(span.attributes),
    run_id: span.runId,
    agent_id: span.agentId ?? null,
    team_id: span.teamId ?? null,
    session_id: span.sessionId ?? null,
  };
}

/** Turns a row back into a span; `NULL` columns become absent fields. */
export function rowToSpan(row: SpanRow, decodeJson: (stored: unknown) => unknown): SpanRecord {
  const span: SpanRecord = {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    name: row.name,
    kind: row.kind as SpanRecordKind,
    startTime: Number(row.start_time),
    endTime: Number(row.end_time),
    durationMs: Number(row.duration_ms),
    status: row.status as SpanRecordStatus,
    attributes: decodeJson(row.attributes) as SpanRecord['attributes'],
    runId: row.run_id,
  };
  if (row.status_message !== null) span.statusMessage = row.status_message;
  if (row.agent_id !== null) span.agentId = row.agent_id;
  if (row.team_id !== null) span.teamId = row.team_id;
  if (row.session_id !== null) span.sessionId = row.session_id;
  return span;
}

/** Turns a trace row into stored totals. */
export function rowToTotals(row: TraceRow): TraceTotals {
  const totals: TraceTotals = {
    traceId: row.trace_id,
    runId: row.run_id,
    name: row.name,
    startTime: Number(row.start_time),
    endTime: Number(row.end_time),
    spanCount: Number(row.span_count),
    errorCount: Number(row.error_count),
    totalTokens: Number(row.total_tokens),
  };
  if (row.agent_id !== null) totals.agentId = row.agent_id;
  if (row.team_id !== null) totals.teamId = row.team_id;
  if (row.session_id !== null) totals.sessionId = row.session_id;
  return totals;
}

/** Turns totals into the values of a trace row. */
export function totalsToRow(totals: TraceTotals): TraceRowValues {
  return {
    trace_id: totals.traceId,
    run_id: totals.runId,
    agent_id: totals.agentId ?? null,
    team_id: totals.teamId ?? null,
    session_id: totals.sessionId ?? null,
    name: totals.name,
    start_time: totals.startTime,
    end_time: totals.endTime,
    span_count: totals.spanCount,
    error_count: totals.errorCount,
    total_tokens: totals.totalTokens,
  };
}

/** The trace queries of one store, the fixed ones compiled once (see `precompile`). */
export function createTraceQueries(db: Kysely<CountersignTables>, rowLocks: boolean) {
  const listings = new Map<string, PrecompiledQuery<TraceListParameters, TraceRow>>();
  /**
   * Inserts traces' totals or adds them to the stored ones. The identity columns (run, agent,
   * name) of the first batch stay; `countersign_traces.<column>` is the stored row,
   * `excluded.<column>` the new totals.
   */
  const upsert = (values: TraceRowValues | TraceRowValues[]) =>
    db
      .insertInto('countersign_traces')
      .values(values)
      .onConflict((conflict) =>
        conflict.column('trace_id').doUpdateSet({
          start_time: sql<number>`case when excluded.start_time < countersign_traces.start_time then excluded.start_time else countersign_traces.start_time end`,
          end_time: sql<number>`case when excluded.end_time > countersign_traces.end_time then excluded.end_time else countersign_traces.end_time end`,
          span_count: sql<number>`countersign_traces.span_count + excluded.span_count`,
          error_count: sql<number>`countersign_traces.error_count + excluded.error_count`,
          total_tokens: sql<number>`countersign_traces.total_tokens + excluded.total_tokens`,
        }),
      );
  return {
    /** One span; a span already stored is skipped (0 rows affected). */
    insertSpan: precompile<SpanRow, never>((parameter) =>
      db
        .insertInto('countersign_spans')
        .values({
          trace_id: parameter('trace_id'),
          span_id: parameter('span_id'),
          parent_span_id: parameter('parent_span_id'),
          name: parameter('name'),
          kind: parameter('kind'),
          start_time: parameter('start_time'),
          end_time: parameter('end_time'),
          duration_ms: parameter('duration_ms'),
          status: parameter('status'),
          status_message: parameter('status_message'),
          attributes: parameter('attributes'),
          run_id: parameter('run_id'),
          agent_id: parameter('agent_id'),
          team_id: parameter('team_id'),
          session_id: parameter('session_id'),
        })
        .onConflict((conflict) => conflict.columns(['trace_id', 'span_id']).doNothing()),
    ),
    /** Several spans in one statement (one round trip on PostgreSQL), returning the ones inserted. */
    insertSpans: (rows: SpanRow[]) =>
      db
        .insertInto('countersign_spans')
        .values(rows)
        .onConflict((conflict) => conflict.columns(['trace_id', 'span_id']).doNothing())
        .returning(['trace_id', 'span_id'])
        .compile(),
    /** One trace's totals, inserted or added to the stored ones. */
    upsertTrace: precompile<TraceRowValues, never>((parameter) =>
      upsert({
        trace_id: parameter('trace_id'),
        run_id: parameter('run_id'),
        agent_id: parameter('agent_id'),
        team_id: parameter('team_id'),
        session_id: parameter('session_id'),
        name: parameter('name'),
        start_time: parameter('start_time'),
        end_time: parameter('end_time'),
        span_count: parameter('span_count'),
        error_count: parameter('error_count'),
        total_tokens: parameter('total_tokens'),
      }),
    ),
    /** Several traces' totals in one statement (one round trip on PostgreSQL); each trace once. */
    upsertTraces: (rows: TraceRowValues[]) => upsert(rows).compile(),
    getTrace: precompile<{ traceId: string }, TraceRow>((parameter) =>
      db.selectFrom('countersign_traces').selectAll().where('trace_id', '=', parameter('traceId')),
    ),
    getSpans: precompile<{ traceId: string }, SpanRow>((parameter) =>
      db
        .selectFrom('countersign_spans')
        .selectAll()
        .where('trace_id', '=', parameter('traceId'))
        .orderBy('start_time')
        .orderBy('span_id'),
    ),
    /** A page newest first, compiled once per combination of filters and cursor. */
    listTraces(filters: readonly TraceFilter[], withCursor: boolean) {
      const key = `${filters.join(',')}|${withCursor}`;
      let query = listings.get(key);
      if (query === undefined) {
        query = precompile<TraceListParameters, TraceRow>((parameter) => {
          let select = db.selectFrom('countersign_traces').selectAll();
          for (const filter of filters) select = select.where(FILTER_COLUMNS[filter], '=', parameter(filter));
          if (withCursor) {
            select = select.where((builder) =>
              builder(
                builder.refTuple('start_time', 'trace_id'),
                '<',
                builder.tuple(parameter('afterStartTime'), parameter('afterTraceId')),
              ),
            );
          }
          return select.orderBy('start_time', 'desc').orderBy('trace_id', 'desc').limit(parameter('limit'));
        });
        listings.set(key, query);
      }
      return query;
    },
    /**
     * The ids of up to `limit` traces that ended before the cutoff, locked where rows can be. They
     * started before it too, so the listing index's range of old traces is walked.
     */
    dueTraces: precompile<{ cutoff: number; limit: number }, { trace_id: string }>((parameter) => {
      const select = db
        .selectFrom('countersign_traces')
        .select('trace_id')
        .where('start_time', '<', parameter('cutoff'))
        .where('end_time', '<', parameter('cutoff'))
        .orderBy('start_time', 'desc')
        .orderBy('trace_id', 'desc')
        .limit(parameter('limit'));
      return rowLocks ? select.forUpdate() : select;
    }),
    deleteSpans: (traceIds: string[]) =>
      db.deleteFrom('countersign_spans').where('trace_id', 'in', traceIds).compile(),
    deleteTraces: (traceIds: string[]) =>
      db.deleteFrom('countersign_traces').where('trace_id', 'in', traceIds).compile(),
  };
}

/** The trace queries of one store. */
export type TraceQueries = ReturnType<typeof createTraceQueries>;
