import type { ColumnType } from 'kysely';

/**
 * A unix timestamp column. SQLite returns it as a number; PostgreSQL stores it as `bigint`, which
 * `pg` returns as a string, so reads go through `Number()`.
 */
export type TimestampColumn = ColumnType<number | string, number, number>;

/** A JSON column: `TEXT` holding JSON on SQLite, `JSONB` on PostgreSQL. The backend encodes it. */
export type JsonColumn = ColumnType<unknown, unknown, unknown>;

/** The `countersign_runs` table: one row per run, the document plus the columns `listRuns` filters on. */
export interface RunsTable {
  id: string;
  agent_id: string;
  team_id: string | null;
  session_id: string;
  user_id: string | null;
  status: string;
  /** Starts at 1; every compare-and-set update adds one. */
  version: number;
  document: JsonColumn;
  /** Unix seconds; fixed at insert (the listing key). */
  created_at: TimestampColumn;
  /** Unix seconds. */
  updated_at: TimestampColumn;
  lease_owner: string | null;
  /** Unix milliseconds. */
  lease_until: ColumnType<number | string | null, number | null, number | null>;
}

/** The `countersign_tool_executions` table: the journal that makes "executed exactly once" hold. */
export interface ToolExecutionsTable {
  run_id: string;
  tool_call_id: string;
  tool_name: string;
  status: 'started' | 'completed';
  result: JsonColumn | null;
  /** `INTEGER` 0/1 on SQLite, `BOOLEAN` on PostgreSQL; `null` while started. */
  is_error: ColumnType<number | boolean | null, unknown, unknown>;
  /** Unix milliseconds. */
  started_at: TimestampColumn;
  /** Unix milliseconds; `null` while started. */
  completed_at: ColumnType<number | string | null, number | null, number | null>;
}

/** The `countersign_migrations` table: the names of the applied migrations. */
export interface MigrationsTable {
  name: string;
  /** Unix seconds. */
  applied_at: TimestampColumn;
}

/** A nullable unix timestamp column (`bigint` on PostgreSQL, returned as a string). */
export type NullableTimestampColumn = ColumnType<number | string | null, number | null, number | null>;

/**
 * The `countersign_approvals` table: one row per gated tool call, every `ApprovalRecord` field
 * as a column, plus `version` for the compare-and-set of resolutions.
 */
export interface ApprovalsTable {
  id: string;
  run_id: string;
  session_id: string;
  agent_id: string;
  team_id: string | null;
  source_type: string;
  source_name: string;
  tool_name: string;
  tool_args: JsonColumn;
  tool_call_id: string;
  requirement_id: string;
  requirement_kind: string;
  type: string;
  status: string;
  requested_by: string | null;
  approver_role: string | null;
  quorum: number;
  context: JsonColumn;
  /** Kept in step with the run's status by a trigger on `countersign_runs`. */
  run_status: string;
  /** Unix seconds; the listing key with `id`. */
  created_at: TimestampColumn;
  /** Unix seconds. */
  updated_at: TimestampColumn;
  /** Unix seconds. */
  expires_at: NullableTimestampColumn;
  resolved_by: string | null;
  /** Unix seconds. */
  resolved_at: NullableTimestampColumn;
  resolution_data: JsonColumn | null;
  args_digest: string;
  /** Starts at 1; every resolution (or vote) adds one. */
  version: number;
}

/** The `countersign_audit` table: the append-only, hash-chained audit log. */
export interface AuditTable {
  /** Position in the chain, 1-based, without gaps (`INTEGER PRIMARY KEY` on SQLite, `bigint` on PostgreSQL). */
  seq: ColumnType<number | string, number, never>;
  id: string;
  /** Unix milliseconds. */
  at: TimestampColumn;
  action: string;
  actor: string;
  actor_roles: JsonColumn | null;
  run_id: string | null;
  approval_id: string | null;
  tool_name: string | null;
  tool_call_id: string | null;
  args_digest: string | null;
  data: JsonColumn | null;
  prev_hash: string;
  hash: string;
}

/** The `countersign_slack_messages` table: where Slack posted the message about a run's requirement. */
export interface SlackMessagesTable {
  run_id: string;
  requirement_id: string;
  /** `user` or `approver`. */
  audience: string;
  tool_call_id: string;
  approval_id: string | null;
  channel: string;
  ts: string;
  thread_ts: string | null;
  /** Unix seconds. */
  created_at: TimestampColumn;
}
/** The `countersign_hook_jobs` table: the durable outbox of background hooks. */
export interface HookJobsTable {
  id: string;
  hook_name: string;
  agent_id: string;
  run_id: string;
  payload: JsonColumn;
  status: string;
  attempts: number;
  max_attempts: number;
  /** Unix milliseconds. */
  run_after: TimestampColumn;
  last_error: string | null;
  lease_owner: string | null;
  /** Unix milliseconds. */
  lease_until: NullableTimestampColumn;
  /** Unix milliseconds. */
  created_at: TimestampColumn;
  /** Unix milliseconds. */
  updated_at: TimestampColumn;
}

/**
 * The `countersign_traces` table: one row per trace with the totals of its spans, so listings
 * never read the spans. `start_time` and `end_time` are unix milliseconds as `double precision`.
 */
export interface TracesTable {
  trace_id: string;
  run_id: string;
  agent_id: string | null;
  team_id: string | null;
  session_id: string | null;
  name: string;
  start_time: number;
  end_time: number;
  span_count: number;
  error_count: number;
  total_tokens: TimestampColumn;
}

/** The `countersign_spans` table: one row per finished span, attributes as JSON. */
export interface SpansTable {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  /** Unix milliseconds (fractional). */
  start_time: number;
  /** Unix milliseconds (fractional). */
  end_time: number;
  duration_ms: number;
  status: string;
  status_message: string | null;
  attributes: JsonColumn;
  run_id: string;
  agent_id: string | null;
  team_id: string | null;
  session_id: string | null;
}

/** Every table Countersign keeps, as Kysely sees the schema. */
export interface CountersignTables {
  countersign_runs: RunsTable;
  countersign_tool_executions: ToolExecutionsTable;
  countersign_migrations: MigrationsTable;
  countersign_approvals: ApprovalsTable;
  countersign_audit: AuditTable;
  countersign_slack_messages: SlackMessagesTable;
  countersign_hook_jobs: HookJobsTable;
  countersign_traces: TracesTable;
  countersign_spans: SpansTable;
}
