import type { ExpressionBuilder, Kysely } from 'kysely';
import { hookJobsClaimLimit, hookJobsListLimit, statusAfterFailure } from '../shared/index.js';
import type {
  ClaimHookJobsOptions,
  FailHookJobOptions,
  HookJob,
  HookJobQuery,
  HookJobStatus,
  NewHookJob,
} from '../store.js';
import type { QueryRunner, SqlBackend } from './sql-backend.js';
import type { CountersignTables, HookJobsTable } from './tables.js';

type HookJobRow = Omit<
  HookJobsTable,
  'run_after' | 'lease_until' | 'created_at' | 'updated_at' | 'payload'
> & {
  payload: unknown;
  run_after: number | string;
  lease_until: number | string | null;
  created_at: number | string;
  updated_at: number | string;
};

/** Due pending jobs, and running jobs whose worker's lease ended. */
function claimable(now: number) {
  return (builder: ExpressionBuilder<CountersignTables, 'countersign_hook_jobs'>) =>
    builder.or([
      builder.and([builder('status', '=', 'pending'), builder('run_after', '<=', now)]),
      builder.and([builder('status', '=', 'running'), builder('lease_until', '<', now)]),
    ]);
}

/**
 * The background-hook outbox of {@link SqlStore}: inserts inside the caller's transaction (a run
 * write), claims in a transaction of their own (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's
 * write lock already excludes other claimers), and lease-checked completions and failures.
 */
export class SqlHookOutbox {
  readonly #backend: SqlBackend;
  readonly #db: Kysely<CountersignTables>;

  constructor(backend: SqlBackend) {
    this.#backend = backend;
    this.#db = backend.db;
  }

  /** Inserts jobs as `pending`, inside the caller's transaction. */
  async insert(run: QueryRunner, jobs: readonly NewHookJob[]): Promise<void> {
    for (const job of jobs) {
      await run(
        this.#db
          .insertInto('countersign_hook_jobs')
          .values({
            id: job.id,
            hook_name: job.hookName,
            agent_id: job.agentId,
            run_id: job.runId,
            payload: this.#backend.encodeJson(job.payload ?? null),
            status: 'pending',
            attempts: 0,
            max_attempts: job.maxAttempts,
            run_after: job.runAfter,
            last_error: null,
            lease_owner: null,
            lease_until: null,
            created_at: job.createdAt,
            updated_at: job.createdAt,
          })
          .compile(),
      );
    }
  }

  /** Claims due jobs for `options.owner`, one transaction. */
  async claim(options: ClaimHookJobsOptions): Promise<HookJob[]> {
    const limit = hookJobsClaimLimit(options);
    if (options.hookNames !== undefined && options.hookNames.length === 0) return [];
    return this.#backend.transaction(async (run) => {
      let select = this.#db.selectFrom('countersign_hook_jobs').selectAll().where(claimable(options.now));
      if (options.agentId !== undefined) select = select.where('agent_id', '=', options.agentId);
      if (options.hookNames !== undefined) select = select.where('hook_name', 'in', [...options.hookNames]);
      select = select.orderBy('run_after').orderBy('created_at').limit(limit);
      if (this.#backend.rowLocks) select = select.forUpdate().skipLocked();
      const { rows } = await run(select.compile());
      const claimed: HookJob[] = [];
      for (const row of rows as HookJobRow[]) {
        const leaseUntil = options.now + options.leaseMs;
        const update = await run(
          this.#db
            .updateTable('countersign_hook_jobs')
            .set((builder) => ({
              status: 'running',
              attempts: builder('attempts', '+', 1),
              lease_owner: options.owner,
              lease_until: leaseUntil,
              updated_at: options.now,
            }))
            .where('id', '=', row.id)
            .where(claimable(options.now))
            .compile(),
        );
        if (!update.numAffectedRows) continue;
        claimed.push({
          ...this.#toJob(row),
          status: 'running',
          attempts: row.attempts + 1,
          leaseOwner: options.owner,
          leaseUntil,
          updatedAt: options.now,
        });
      }
      return claimed;
    });
  }

  async complete(id: string, options: { owner: string; now: number }): Promise<boolean> {
    const update = await this.#backend.execute(
      this.#db
        .updateTable('countersign_hook_jobs')
        .set({ status: 'completed', lease_owner: null, lease_until: null, updated_at: options.now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('lease_owner', '=', options.owner)
        .compile(),
    );
    return Boolean(update.numAffectedRows);
  }

  async fail(id: string, options: FailHookJobOptions): Promise<HookJob | null> {
    return this.#backend.transaction(async (run) => {
      const { rows } = await run(
        this.#db
          .selectFrom('countersign_hook_jobs')
          .selectAll()
          .where('id', '=', id)
          .where('status', '=', 'running')
          .where('lease_owner', '=', options.owner)
          .compile(),
      );
      const row = rows[0] as HookJobRow | undefined;
      if (row === undefined) return null;
      const status = statusAfterFailure({ attempts: row.attempts, maxAttempts: row.max_attempts });
      await run(
        this.#db
          .updateTable('countersign_hook_jobs')
          .set({
            status,
            last_error: options.error,
            run_after: options.retryAt,
            lease_owner: null,
            lease_until: null,
            updated_at: options.now,
          })
          .where('id', '=', id)
          .compile(),
      );
      return {
        ...this.#toJob(row),
        status,
        lastError: options.error,
        runAfter: options.retryAt,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: options.now,
      };
    });
  }

  async list(query: HookJobQuery): Promise<HookJob[]> {
    const limit = hookJobsListLimit(query);
    let select = this.#db.selectFrom('countersign_hook_jobs').selectAll();
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.agentId !== undefined) select = select.where('agent_id', '=', query.agentId);
    if (query.runId !== undefined) select = select.where('run_id', '=', query.runId);
    const rows = await select.orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => this.#toJob(row as HookJobRow));
  }

  #toJob(row: HookJobRow): HookJob {
    return {
      id: row.id,
      hookName: row.hook_name,
      agentId: row.agent_id,
      runId: row.run_id,
      payload: this.#backend.decodeJson(row.payload),
      status: row.status as HookJobStatus,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      runAfter: Number(row.run_after),
      lastError: row.last_error,
      leaseOwner: row.lease_owner,
      leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }
}
