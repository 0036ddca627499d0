import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { RunStatus } from '../../run/run-document.js';
import { precompile } from './precompile.js';
import type { CountersignTables } from './tables.js';

/** The columns every run read selects. */
const RUN_COLUMNS = [
  'id',
  'status',
  'document',
  'version',
  'lease_owner',
  'lease_until',
  'created_at',
] as const;

/** A run row as the run reads return it. */
export type RunRow = Pick<CountersignTables['countersign_runs'], 'id' | 'version' | 'lease_owner'> & {
  status: string;
  document: unknown;
  lease_until: number | string | null;
  created_at: number | string;
};

/** Bound values of an insert or an update of one run. */
export interface RunWriteParameters {
  id: string;
  agentId: string;
  teamId: string | null;
  sessionId: string;
  userId: string | null;
  status: RunStatus;
  document: unknown;
  createdAt: number;
  updatedAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  expectedVersion: number;
  expectedStatus: RunStatus;
}

/** A journal row as the journal reads return it. */
export interface ToolExecutionRow {
  run_id: string;
  tool_call_id: string;
  tool_name: string;
  status: 'started' | 'completed';
  result: unknown;
  is_error: number | boolean | null;
  started_at: number | string;
  completed_at: number | string | null;
}

/**
 * Builds the hot queries of {@link SqlStore} once per store: each is compiled a single time and
 * only re-bound per call (see {@link precompile}).
 */
export function createSqlQueries(db: Kysely<CountersignTables>) {
  const runs = () => db.selectFrom('countersign_runs').select(RUN_COLUMNS);
  /**
   * The four compare-and-set updates: with or without a lease, with or without a status guard. The
   * listing columns (agent, team, session, user, creation time) are fixed at insert: leaving them
   * out of the `SET` spares SQLite rewriting their index entries on every write.
   */
  const update = (withLease: boolean, withStatus: boolean) =>
    precompile<RunWriteParameters, never>((parameter) => {
      let query = db
        .updateTable('countersign_runs')
        .set({
          status: parameter('status'),
          version: sql<number>`version + 1`,
          document: parameter('document'),
          updated_at: parameter('updatedAt'),
        })
        .where('id', '=', parameter('id'))
        .where('version', '=', parameter('expectedVersion'));
      if (withLease) {
        query = query.set({ lease_owner: parameter('leaseOwner'), lease_until: parameter('leaseUntil') });
      }
      if (withStatus) query = query.where('status', '=', parameter('expectedStatus'));
      return query;
    });

  /** Bound values of a claim; `document` is `null` to keep the stored one. */
  type ClaimParameters = {
    id: string;
    expectedVersion: number;
    leaseOwner: string;
    leaseUntil: number;
    updatedAt: number;
    document: unknown;
    now: number;
  };
  const claim = (recover: boolean) =>
    precompile<ClaimParameters, never>((parameter) => {
      const query = db
        .updateTable('countersign_runs')
        .set({
          status: 'running',
          version: sql<number>`version + 1`,
          document: sql`coalesce(${parameter('document')}, document)`,
          lease_owner: parameter('leaseOwner'),
          lease_until: parameter('leaseUntil'),
          updated_at: parameter('updatedAt'),
        })
        .where('id', '=', parameter('id'))
        .where('version', '=', parameter('expectedVersion'));
      return recover
        ? query.where('status', '=', 'running').where('lease_until', '<', parameter('now'))
        : query.where('status', '=', 'paused');
    });

  return {
    getRun: precompile<{ id: string }, RunRow>((parameter) => runs().where('id', '=', parameter('id'))),
    getRunStatus: precompile<{ id: string }, { version: number; status: string }>((parameter) =>
      db.selectFrom('countersign_runs').select(['version', 'status']).where('id', '=', parameter('id')),
    ),
    insertRun: precompile<RunWriteParameters, never>((parameter) =>
      db
        .insertInto('countersign_runs')
        .values({
          id: parameter('id'),
          agent_id: parameter('agentId'),
          team_id: parameter('teamId'),
          session_id: parameter('sessionId'),
          user_id: parameter('userId'),
          status: parameter('status'),
          version: 1,
          document: parameter('document'),
          created_at: parameter('createdAt'),
          updated_at: parameter('updatedAt'),
          lease_owner: parameter('leaseOwner'),
          lease_until: parameter('leaseUntil'),
        })
        .onConflict((conflict) => conflict.column('id').doNothing()),
    ),
    /** The claim of a paused run: status, version, lease and the document with its decisions. */
    claimRun: claim(false),
    /** The recovery of a run left running past its lease (its claimer died). */
    recoverRun: claim(true),
    updateRun: update(false, false),
    updateRunWithStatus: update(false, true),
    updateRunWithLease: update(true, false),
    updateRunWithLeaseAndStatus: update(true, true),
    insertToolExecution: precompile<
      { runId: string; toolCallId: string; toolName: string; startedAt: number },
      never
    >((parameter) =>
      db
        .insertInto('countersign_tool_executions')
        .values({
          run_id: parameter('runId'),
          tool_call_id: parameter('toolCallId'),
          tool_name: parameter('toolName'),
          status: 'started',
          started_at: parameter('startedAt'),
        })
        .onConflict((conflict) => conflict.columns(['run_id', 'tool_call_id']).doNothing()),
    ),
    getToolExecution: precompile<{ runId: string; toolCallId: string }, ToolExecutionRow>((parameter) =>
      db
        .selectFrom('countersign_tool_executions')
        .selectAll()
        .where('run_id', '=', parameter('runId'))
        .where('tool_call_id', '=', parameter('toolCallId')),
    ),
    completeToolExecution: precompile<
      { runId: string; toolCallId: string; result: unknown; isError: unknown; completedAt: number },
      never
    >((parameter) =>
      db
        .updateTable('countersign_tool_executions')
        .set({
          status: 'completed',
          result: parameter('result'),
          is_error: parameter('isError'),
          completed_at: parameter('completedAt'),
        })
        .where('run_id', '=', parameter('runId'))
        .where('tool_call_id', '=', parameter('toolCallId'))
        .where('status', '=', 'started'),
    ),
  };
}

/** The precompiled queries of one store. */
export type SqlQueries = ReturnType<typeof createSqlQueries>;
