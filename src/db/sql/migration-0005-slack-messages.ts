import type { Migration } from './migrations.js';

/**
 * `0005_slack_messages`: where the Slack interface posted the message about each requirement of a
 * paused run (channel and message timestamp), so a decision made anywhere later updates that
 * message. A few rows per paused run, read by run only: the primary key
 * `(run_id, requirement_id, audience)` serves both the upsert and the read, so no other index is
 * needed. Rows go with their run (`on delete cascade`), like the tool-execution journal.
 */
export const slackMessages: Migration = {
  name: '0005_slack_messages',
  async up(db, types) {
    await db.schema
      .createTable('countersign_slack_messages')
      .addColumn('run_id', 'text', (column) =>
        column.notNull().references('countersign_runs.id').onDelete('cascade'),
      )
      .addColumn('requirement_id', 'text', (column) => column.notNull())
      .addColumn('audience', 'text', (column) => column.notNull())
      .addColumn('tool_call_id', 'text', (column) => column.notNull())
      .addColumn('approval_id', 'text')
      .addColumn('channel', 'text', (column) => column.notNull())
      .addColumn('ts', 'text', (column) => column.notNull())
      .addColumn('thread_ts', 'text')
      .addColumn('created_at', types.bigint, (column) => column.notNull())
      .addPrimaryKeyConstraint('countersign_slack_messages_pk', ['run_id', 'requirement_id', 'audience'])
      .execute();
  },
};
