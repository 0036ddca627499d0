import type { Kysely } from 'kysely';
import { approvalsAndAudit } from './migration-0002-approvals-and-audit.js';
import { traces } from './migration-0003-traces.js';
import { hookOutbox } from './migration-0004-hook-outbox.js';
import { slackMessages } from './migration-0005-slack-messages.js';
import { ascendingListings } from './migration-0006-ascending-listings.js';
import type { SqlColumnTypes } from './sql-backend.js';
import type { CountersignTables } from './tables.js';

/** What a migration may need besides the column types: SQL that Kysely does not build (triggers). */
export interface MigrationContext {
  dialect: 'sqlite' | 'postgres';
  /** The PostgreSQL schema holding the tables; `null` on SQLite. */
  schema: string | null;
}

/** One step of the schema, applied once and recorded by name in `countersign_migrations`. */
export interface Migration {
  /** Sortable and never renamed: `0001_runs_and_tool_executions`. */
  name: string;
  up(db: Kysely<CountersignTables>, types: SqlColumnTypes, context: MigrationContext): Promise<void>;
}

/**
 * The schema as an ordered list. Append new steps at the end; never edit one that has shipped,
 * because databases that already applied it will not run it again.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_runs_and_tool_executions',
    async up(db, types) {
      await db.schema
        .createTable('countersign_runs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('agent_id', 'text', (column) => column.notNull())
        .addColumn('team_id', 'text')
        .addColumn('session_id', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('document', types.json, (column) => column.notNull())
        .addColumn('created_at', types.bigint, (column) => column.notNull())
        .addColumn('updated_at', types.bigint, (column) => column.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', types.bigint)
        .execute();
      // listRuns reads newest first with (created_at, id) as the keyset; each filter gets the same tail.
      const listings: Array<[string, Array<'status' | 'agent_id' | 'session_id'>]> = [
        ['countersign_runs_created_idx', []],
        ['countersign_runs_status_created_idx', ['status']],
        ['countersign_runs_agent_created_idx', ['agent_id']],
        ['countersign_runs_session_created_idx', ['session_id']],
      ];
      for (const [name, prefix] of listings) {
        await db.schema
          .createIndex(name)
          .on('countersign_runs')
          .columns([...prefix, 'created_at desc', 'id desc'])
          .execute();
      }

      await db.schema
        .createTable('countersign_tool_executions')
        .addColumn('run_id', 'text', (column) =>
          column.notNull().references('countersign_runs.id').onDelete('cascade'),
        )
        .addColumn('tool_call_id', 'text', (column) => column.notNull())
        .addColumn('tool_name', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('result', types.json)
        .addColumn('is_error', types.boolean)
        .addColumn('started_at', types.bigint, (column) => column.notNull())
        .addColumn('completed_at', types.bigint)
        .addPrimaryKeyConstraint('countersign_tool_executions_pk', ['run_id', 'tool_call_id'])
        .execute();
    },
  },
  approvalsAndAudit,
  traces,
  hookOutbox,
  slackMessages,
  ascendingListings,
];
