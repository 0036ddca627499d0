import type { Migration } from './migrations.js';

/**
 * `0004_hook_outbox`: the durable outbox of background hooks. One row per job; workers claim due
 * rows (`status`, `run_after`) with a lease, and a row whose lease ended is claimed again, so a
 * job survives the crash of the process that enqueued or ran it. (`0003` is the traces migration.)
 */
export const hookOutbox: Migration = {
  name: '0004_hook_outbox',
  async up(db, types) {
    await db.schema
      .createTable('countersign_hook_jobs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('hook_name', 'text', (column) => column.notNull())
      .addColumn('agent_id', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('payload', types.json, (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('max_attempts', 'integer', (column) => column.notNull())
      .addColumn('run_after', types.bigint, (column) => column.notNull())
      .addColumn('last_error', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', types.bigint)
      .addColumn('created_at', types.bigint, (column) => column.notNull())
      .addColumn('updated_at', types.bigint, (column) => column.notNull())
      .execute();
    // Claims: due pending jobs and running jobs with an ended lease, oldest first.
    await db.schema
      .createIndex('countersign_hook_jobs_due_idx')
      .on('countersign_hook_jobs')
      .columns(['status', 'run_after'])
      .execute();
    await db.schema
      .createIndex('countersign_hook_jobs_run_idx')
      .on('countersign_hook_jobs')
      .column('run_id')
      .execute();
  },
};
