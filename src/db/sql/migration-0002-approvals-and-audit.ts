import { type Kysely, sql } from 'kysely';
import type { Migration, MigrationContext } from './migrations.js';
import type { CountersignTables } from './tables.js';

type ApprovalColumn = 'status' | 'approver_role' | 'agent_id' | 'team_id' | 'created_at desc' | 'id desc';

/**
 * The listing indexes of `countersign_approvals`: a filter of `getApprovals` followed by the
 * keyset (`created_at desc, id desc`), so a filtered, newest-first page is one index range scan.
 * Columns that are often `NULL` (role, team) get partial indexes: a record without them costs no
 * entry, and `column = ?` implies `column IS NOT NULL` to both planners.
 *
 * Every index costs each pause a b-tree entry and, on SQLite, a page written to the WAL at
 * commit (measured: about 15 µs each on a pause of about 250 µs; see docs/architecture/storage.md).
 * So only the listings the product serves get one: the inbox (status; role and status), a run's
 * records, an agent's, a team's, and everything newest first. `type` and `requirement_kind` (two
 * and four values), `session_id` and `requested_by` are filtered while walking the creation index
 * (or the status index when combined with a status), which is fast while the filter matches a
 * fair share of recent records; a later migration can add an index when a listing needs one.
 */
export const APPROVAL_LISTINGS: Array<{
  name: string;
  columns: ApprovalColumn[];
  whereNotNull?: ApprovalColumn;
}> = [
  { name: 'countersign_approvals_created_idx', columns: [] },
  { name: 'countersign_approvals_status_created_idx', columns: ['status'] },
  {
    name: 'countersign_approvals_role_status_created_idx',
    columns: ['approver_role', 'status'],
    whereNotNull: 'approver_role',
  },
  { name: 'countersign_approvals_agent_created_idx', columns: ['agent_id'] },
  { name: 'countersign_approvals_team_created_idx', columns: ['team_id'], whereNotNull: 'team_id' },
];

/**
 * `0002_approvals_and_audit`: approval records, the hash-chained audit log, and two kinds of
 * trigger: one keeps each record's `run_status` equal to its run's status on every run write (so
 * run writes stay single statements), the others refuse updates and deletes of audit entries.
 */
export const approvalsAndAudit: Migration = {
  name: '0002_approvals_and_audit',
  async up(db, types, context) {
    await db.schema
      .createTable('countersign_approvals')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('session_id', 'text', (column) => column.notNull())
      .addColumn('agent_id', 'text', (column) => column.notNull())
      .addColumn('team_id', 'text')
      .addColumn('source_type', 'text', (column) => column.notNull())
      .addColumn('source_name', 'text', (column) => column.notNull())
      .addColumn('tool_name', 'text', (column) => column.notNull())
      .addColumn('tool_args', types.json, (column) => column.notNull())
      .addColumn('tool_call_id', 'text', (column) => column.notNull())
      .addColumn('requirement_id', 'text', (column) => column.notNull())
      .addColumn('requirement_kind', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('requested_by', 'text')
      .addColumn('approver_role', 'text')
      .addColumn('quorum', 'integer', (column) => column.notNull())
      .addColumn('context', types.json, (column) => column.notNull())
      .addColumn('run_status', 'text', (column) => column.notNull())
      .addColumn('created_at', types.bigint, (column) => column.notNull())
      .addColumn('updated_at', types.bigint, (column) => column.notNull())
      .addColumn('expires_at', types.bigint)
      .addColumn('resolved_by', 'text')
      .addColumn('resolved_at', types.bigint)
      .addColumn('resolution_data', types.json)
      .addColumn('args_digest', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .execute();
    for (const listing of APPROVAL_LISTINGS) {
      let index = db.schema
        .createIndex(listing.name)
        .on('countersign_approvals')
        .columns([...listing.columns, 'created_at desc', 'id desc']);
      if (listing.whereNotNull !== undefined)
        index = index.where(sql.ref(listing.whereNotNull), 'is not', null);
      await index.execute();
    }
    // A run's records: the run-status trigger and `runId` filters (a run has a handful of records).
    await db.schema
      .createIndex('countersign_approvals_run_idx')
      .on('countersign_approvals')
      .column('run_id')
      .execute();
    // The expiry sweep: only pending records that can expire have an entry. `status` leads although
    // it is constant here, so that planners without statistics rank the index above the status
    // listing index (an equality and a range beat an equality).
    await db.schema
      .createIndex('countersign_approvals_expiry_idx')
      .on('countersign_approvals')
      .columns(['status', 'expires_at'])
      .where(sql<boolean>`status = 'pending' and expires_at is not null`)
      .execute();

    await db.schema
      .createTable('countersign_audit')
      .addColumn('seq', types.bigint, (column) => column.primaryKey())
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('at', types.bigint, (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('actor_roles', types.json)
      .addColumn('run_id', 'text')
      .addColumn('approval_id', 'text')
      .addColumn('tool_name', 'text')
      .addColumn('tool_call_id', 'text')
      .addColumn('args_digest', 'text')
      .addColumn('data', types.json)
      .addColumn('prev_hash', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    // Chain order within a run or a record (on SQLite `seq` is the rowid, already in every index).
    for (const column of ['run_id', 'approval_id'] as const) {
      await db.schema
        .createIndex(`countersign_audit_${column === 'run_id' ? 'run' : 'approval'}_idx`)
        .on('countersign_audit')
        .columns([column, 'seq'])
        .where(sql.ref(column), 'is not', null)
        .execute();
    }

    await createTriggers(db, context);
  },
};

async function createTriggers(db: Kysely<CountersignTables>, context: MigrationContext): Promise<void> {
  if (context.dialect === 'sqlite') {
    await sql`
      create trigger countersign_runs_approval_run_status
      after update of status on countersign_runs
      for each row when old.status is not new.status
      begin
        update countersign_approvals
        set run_status = new.status, updated_at = max(updated_at, new.updated_at)
        where run_id = new.id;
      end`.execute(db);
    for (const operation of ['update', 'delete']) {
      await sql`
        create trigger ${sql.raw(`countersign_audit_no_${operation}`)}
        before ${sql.raw(operation)} on countersign_audit
        begin
          select raise(abort, 'countersign_audit is append-only: entries are never updated or deleted');
        end`.execute(db);
    }
    return;
  }
  const schema = context.schema ?? 'public';
  const quoted = `"${schema.replaceAll('"', '""')}"`;
  await sql`
    create function ${sql.id(schema, 'countersign_approvals_follow_run')}() returns trigger
    language plpgsql as ${sql.lit(`
    begin
      update ${quoted}.countersign_approvals
      set run_status = new.status, updated_at = greatest(updated_at, new.updated_at)
      where run_id = new.id;
      return null;
    end`)}`.execute(db);
  await sql`
    create trigger countersign_runs_approval_run_status
    after update of status on ${sql.id(schema, 'countersign_runs')}
    for each row when (old.status is distinct from new.status)
    execute function ${sql.id(schema, 'countersign_approvals_follow_run')}()`.execute(db);
  await sql`
    create function ${sql.id(schema, 'countersign_audit_append_only')}() returns trigger
    language plpgsql as ${sql.lit(`
    begin
      raise exception 'countersign_audit is append-only: entries are never updated or deleted'
        using errcode = 'restrict_violation';
    end`)}`.execute(db);
  await sql`
    create trigger countersign_audit_append_only
    before update or delete or truncate on ${sql.id(schema, 'countersign_audit')}
    for each statement execute function ${sql.id(schema, 'countersign_audit_append_only')}()`.execute(db);
}
