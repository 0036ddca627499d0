import type { Migration } from './migrations.js';

/**
 * `0003_traces`: the trace summaries and their spans. They live apart from runs, approval records
 * and the audit log (no foreign keys either way), so `pruneTraces` can delete them on their own
 * schedule, and a store can hold traces only (`tracing: { store }` on another database).
 *
 * Two indexes besides the primary key, because every index costs each traced leg a b-tree entry
 * and bytes: the listing (`start_time desc, trace_id desc`, the keyset of `listTraces`), which
 * also serves the prune sweep (a trace that ended before the cutoff started before it), and a
 * run's traces (`GET /traces?runId=`). `agent_id`, `session_id` and `team_id` filters walk the
 * listing index. Spans are read by trace only, through their primary key `(trace_id, span_id)`,
 * which also serves the prune's deletes.
 */
export const traces: Migration = {
  name: '0003_traces',
  async up(db, types) {
    await db.schema
      .createTable('countersign_traces')
      .addColumn('trace_id', 'text', (column) => column.primaryKey())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('session_id', 'text')
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('start_time', 'double precision', (column) => column.notNull())
      .addColumn('end_time', 'double precision', (column) => column.notNull())
      .addColumn('span_count', 'integer', (column) => column.notNull())
      .addColumn('error_count', 'integer', (column) => column.notNull())
      .addColumn('total_tokens', types.bigint, (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('countersign_traces_start_idx')
      .on('countersign_traces')
      .columns(['start_time desc', 'trace_id desc'])
      .execute();
    await db.schema
      .createIndex('countersign_traces_run_idx')
      .on('countersign_traces')
      .column('run_id')
      .execute();

    await db.schema
      .createTable('countersign_spans')
      .addColumn('trace_id', 'text', (column) => column.notNull())
      .addColumn('span_id', 'text', (column) => column.notNull())
      .addColumn('parent_span_id', 'text')
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('start_time', 'double precision', (column) => column.notNull())
      .addColumn('end_time', 'double precision', (column) => column.notNull())
      .addColumn('duration_ms', 'double precision', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('status_message', 'text')
      .addColumn('attributes', types.json, (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('session_id', 'text')
      .addPrimaryKeyConstraint('countersign_spans_pk', ['trace_id', 'span_id'])
      .execute();
  },
};
