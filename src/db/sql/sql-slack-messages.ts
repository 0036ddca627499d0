import type { SlackMessageRecord } from '../store.js';
import type { SqlBackend } from './sql-backend.js';

/**
 * Stores a Slack message of a run's requirement: one upsert on `(run_id, requirement_id,
 * audience)`, which keeps the first `created_at` and replaces where the message is.
 */
export async function saveSlackMessage(backend: SqlBackend, message: SlackMessageRecord): Promise<void> {
  await backend.db
    .insertInto('countersign_slack_messages')
    .values({
      run_id: message.runId,
      requirement_id: message.requirementId,
      audience: message.audience,
      tool_call_id: message.toolCallId,
      approval_id: message.approvalId,
      channel: message.channel,
      ts: message.ts,
      thread_ts: message.threadTs,
      created_at: message.createdAt,
    })
    .onConflict((conflict) =>
      conflict.columns(['run_id', 'requirement_id', 'audience']).doUpdateSet({
        tool_call_id: message.toolCallId,
        approval_id: message.approvalId,
        channel: message.channel,
        ts: message.ts,
        thread_ts: message.threadTs,
      }),
    )
    .execute();
}

/** The Slack messages of a run, oldest first (by `created_at`, then requirement and audience). */
export async function listSlackMessages(backend: SqlBackend, runId: string): Promise<SlackMessageRecord[]> {
  const rows = await backend.db
    .selectFrom('countersign_slack_messages')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('created_at')
    .orderBy('requirement_id')
    .orderBy('audience')
    .execute();
  return rows.map((row) => ({
    runId: row.run_id,
    requirementId: row.requirement_id,
    audience: row.audience === 'user' ? 'user' : 'approver',
    toolCallId: row.tool_call_id,
    approvalId: row.approval_id,
    channel: row.channel,
    ts: row.ts,
    threadTs: row.thread_ts,
    createdAt: Number(row.created_at),
  }));
}
