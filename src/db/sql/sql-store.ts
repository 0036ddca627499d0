import type { CompiledQuery, Kysely } from 'kysely';
import type {
  ApprovalPage,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalUpdate,
} from '../../approvals/approval-record.js';
import type { AuditEntryInput, AuditPage, AuditVerification } from '../../audit/audit-entry.js';
import {
  CountersignError,
  MigrationRequiredError,
  RunConflictError,
  RunNotFoundError,
  StorageError,
} from '../../errors/index.js';
import type { RunDocument, RunStatus } from '../../run/run-document.js';
import type { SpanRecord } from '../../tracing/span-record.js';
import type { PruneTracesOptions, TraceDetail, TracePage, TraceQuery } from '../../tracing/trace-record.js';
import {
  duplicateApprovalError,
  duplicateHookJobError,
  duplicateRunError,
  encodeRunCursor,
  missingExecutionError,
  prepareNewApprovals,
  resolveListRunsBounds,
  staleRunError,
} from '../shared/index.js';
import type {
  AuditQuery,
  ClaimedRun,
  ClaimHookJobsOptions,
  ClaimRunOptions,
  CompleteToolExecution,
  FailHookJobOptions,
  HookJob,
  HookJobQuery,
  ListRunsQuery,
  NewHookJob,
  RunPage,
  SaveRunOptions,
  SlackMessageRecord,
  Store,
  StoredRun,
  ToolExecution,
} from '../store.js';
import { MIGRATIONS } from './migrations.js';
import { SqlApprovals } from './sql-approvals.js';
import { SqlAuditLog } from './sql-audit-log.js';
import type { SqlBackend } from './sql-backend.js';
import { SqlHookOutbox } from './sql-hook-outbox.js';
import { createSqlQueries, type RunRow, type SqlQueries, type ToolExecutionRow } from './sql-queries.js';
import { listSlackMessages, saveSlackMessage } from './sql-slack-messages.js';
import { SqlTraces } from './sql-traces.js';
import type { CountersignTables } from './tables.js';

/**
 * The one SQL implementation of {@link Store}, shared by `SqliteDb` and `PostgresDb`. A run write
 * without approval records or audit entries is a single statement (an insert that ignores a
 * duplicate id, or a compare-and-set `UPDATE ... WHERE id = ? AND version = ?`), so it is atomic
 * without an explicit transaction and costs one round trip; only a failed write reads the row
 * again, to say why it failed. A write with records or entries (a pause), a claim, a resolution
 * and an expiry sweep are one transaction each. A trigger keeps each approval record's
 * `run_status` equal to its run's status, so no run write needs a second statement for it.
 */
export class SqlStore implements Store {
  readonly kind: string;
  readonly #backend: SqlBackend;
  readonly #db: Kysely<CountersignTables>;
  #queries: SqlQueries | undefined;
  #audit: SqlAuditLog | undefined;
  #approvals: SqlApprovals | undefined;
  #hookOutbox: SqlHookOutbox | undefined;
  #traces: SqlTraces | undefined;
  #closed = false;

  constructor(backend: SqlBackend) {
    this.#backend = backend;
    this.#db = backend.db;
    this.kind = backend.kind;
  }

  /** Applies the migrations this database has not recorded yet, in one transaction. */
  async migrate(): Promise<void> {
    try {
      await this.#db.transaction().execute(async (transaction) => {
        await this.#backend.beginMigration(transaction);
        await transaction.schema
          .createTable('countersign_migrations')
          .ifNotExists()
          .addColumn('name', 'text', (column) => column.primaryKey())
          .addColumn('applied_at', this.#backend.columnTypes.bigint, (column) => column.notNull())
          .execute();
        const rows = await transaction.selectFrom('countersign_migrations').select('name').execute();
        const applied = new Set(rows.map((row) => row.name));
        for (const migration of MIGRATIONS) {
          if (applied.has(migration.name)) continue;
          await migration.up(transaction, this.#backend.columnTypes, {
            dialect: this.#backend.kind,
            schema: this.#backend.schema,
          });
          await transaction
            .insertInto('countersign_migrations')
            .values({ name: migration.name, applied_at: Math.floor(Date.now() / 1000) })
            .execute();
        }
      });
    } catch (error) {
      this.#fail(error, 'migrate');
    }
  }

  /** Releases the connection or pool the store opened; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#backend.close();
    } catch (error) {
      this.#fail(error, 'close');
    }
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    try {
      const { rows } = await this.#backend.execute(this.#hot().getRun({ id: runId }));
      const row = rows[0];
      return row === undefined ? null : this.#toStoredRun(row);
    } catch (error) {
      this.#fail(error, `load run ${runId}`);
    }
  }

  async saveRun(document: RunDocument, options: SaveRunOptions): Promise<number> {
    const writes = [...(options.with ?? []), { document, options }].map((write) =>
      this.#prepareRunWrite(write.document, write.options),
    );
    const records = writes.flatMap((write) => write.records);
    const audit = writes.flatMap((write) => write.options.audit ?? []);
    const hookJobs = options.hookJobs ?? [];
    const main = writes[writes.length - 1] as PreparedRunWrite;
    let failed: PreparedRunWrite | undefined;
    try {
      if (writes.length === 1 && records.length === 0 && audit.length === 0 && hookJobs.length === 0) {
        // The fast path: one statement, atomic on its own.
        if (!(await this.#backend.execute(main.query)).numAffectedRows) failed = main;
      } else {
        // A pause: the runs, their records and the audit entries commit together or not at all.
        await this.#backend.transaction(async (run) => {
          for (const write of writes) {
            if (!(await run(write.query)).numAffectedRows) throw new RunWriteRefused(write);
            await this.#approvalRecords().insert(run, write.records);
          }
          await this.#hookJobs().insert(run, hookJobs);
          await this.#auditLog().append(run, audit);
        });
      }
    } catch (error) {
      if (error instanceof RunWriteRefused) failed = error.write;
      else {
        if (records.length > 0 && this.#backend.isUniqueViolation(error)) {
          throw duplicateApprovalError(document.runId, records.map((record) => record.id).join(', '), error);
        }
        if (hookJobs.length > 0 && this.#backend.isUniqueViolation(error)) {
          throw duplicateHookJobError(hookJobs.map((job) => job.id).join(', '), error);
        }
        this.#fail(error, `save run ${document.runId}`);
      }
    }
    if (failed === undefined) return options.expectedVersion === null ? 1 : options.expectedVersion + 1;
    // Nothing was written: read the row to tell a duplicate, a stale version and a missing run apart.
    const { runId } = failed.document;
    const actual = await this.#readStatus(runId);
    if (failed.options.expectedVersion === null) throw duplicateRunError(runId, actual?.status ?? 'unknown');
    if (actual === null) throw new RunNotFoundError(runId);
    throw staleRunError(runId, failed.options, actual);
  }

  /** The statement and records of one run write, built before any of them runs. */
  #prepareRunWrite(document: RunDocument, options: Omit<SaveRunOptions, 'with'>): PreparedRunWrite {
    const queries = this.#hot();
    const lease = options.lease;
    const approvals = options.approvals ?? [];
    const parameters = {
      id: document.runId,
      agentId: document.agentId,
      teamId: document.teamId ?? null,
      sessionId: document.sessionId,
      userId: document.userId ?? null,
      status: document.status,
      document: this.#backend.encodeJson(document),
      createdAt: document.createdAt,
      updatedAt: document.updatedAt,
      leaseOwner: lease?.owner ?? null,
      leaseUntil: lease?.until ?? null,
      expectedVersion: options.expectedVersion ?? 0,
      expectedStatus: options.expectedStatus ?? document.status,
    };
    const query =
      options.expectedVersion === null
        ? queries.insertRun
        : lease === undefined
          ? options.expectedStatus === undefined
            ? queries.updateRun
            : queries.updateRunWithStatus
          : options.expectedStatus === undefined
            ? queries.updateRunWithLease
            : queries.updateRunWithLeaseAndStatus;
    return {
      document,
      options,
      query: query(parameters),
      records: approvals.length === 0 ? approvals : prepareNewApprovals(document, approvals),
    };
  }

  async claimRun(runId: string, options: ClaimRunOptions): Promise<ClaimedRun> {
    const queries = this.#hot();
    const lost = Symbol('claim lost');
    let claimed: ClaimedRun | typeof lost;
    try {
      claimed = await this.#backend.transaction(async (run) => {
        const claim = options.recover === undefined ? queries.claimRun : queries.recoverRun;
        const update = await run(
          claim({
            id: runId,
            expectedVersion: options.expectedVersion,
            leaseOwner: options.lease.owner,
            leaseUntil: options.lease.until,
            updatedAt: options.updatedAt,
            document: options.document === undefined ? null : this.#backend.encodeJson(options.document),
            now: options.recover?.now ?? 0,
          }),
        );
        if (!update.numAffectedRows) return lost;
        const previousExecutions = new Map<string, ToolExecution>();
        for (const call of options.startToolCalls ?? []) {
          const entry = { runId, ...call, startedAt: options.startedAt ?? Date.now() };
          const inserted = await run(queries.insertToolExecution(entry));
          if (inserted.numAffectedRows) continue;
          const { rows } = await run(queries.getToolExecution(entry));
          if (rows[0] !== undefined) previousExecutions.set(call.toolCallId, this.#toToolExecution(rows[0]));
        }
        await this.#auditLog().append(run, options.audit ?? []);
        return { version: options.expectedVersion + 1, previousExecutions };
      });
    } catch (error) {
      this.#fail(error, `claim run ${runId}`);
    }
    if (claimed !== lost) return claimed;
    const actual = await this.#readStatus(runId);
    if (actual === null) throw new RunNotFoundError(runId);
    throw new RunConflictError(runId, actual.status);
  }

  async listRuns(query: ListRunsQuery = {}): Promise<RunPage> {
    const { limit, after } = resolveListRunsBounds(query);
    try {
      let select = this.#db
        .selectFrom('countersign_runs')
        .select(['id', 'status', 'document', 'version', 'lease_owner', 'lease_until', 'created_at']);
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (query.agentId !== undefined) select = select.where('agent_id', '=', query.agentId);
      if (query.teamId !== undefined) select = select.where('team_id', '=', query.teamId);
      if (query.sessionId !== undefined) select = select.where('session_id', '=', query.sessionId);
      if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
      if (after !== null) {
        select = select.where((builder) =>
          builder(builder.refTuple('created_at', 'id'), '<', builder.tuple(after.createdAt, after.runId)),
        );
      }
      // One extra row tells whether another page exists without a count query.
      const rows = await select
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => this.#toStoredRun(row)),
        nextCursor:
          rows.length > limit && last !== undefined
            ? encodeRunCursor({ createdAt: Number(last.created_at), runId: last.id })
            : null,
      };
    } catch (error) {
      this.#fail(error, 'list runs');
    }
  }

  async beginToolExecution(entry: {
    runId: string;
    toolCallId: string;
    toolName: string;
    startedAt: number;
  }): Promise<ToolExecution | null> {
    const queries = this.#hot();
    try {
      const inserted = await this.#backend.execute(queries.insertToolExecution(entry));
      if (inserted.numAffectedRows !== undefined && inserted.numAffectedRows > 0n) return null;
      const { rows } = await this.#backend.execute(queries.getToolExecution(entry));
      const row = rows[0];
      if (row === undefined)
        throw new StorageError(`The journal row of tool call ${entry.toolCallId} vanished.`);
      return this.#toToolExecution(row);
    } catch (error) {
      if (this.#backend.isForeignKeyViolation(error)) throw new RunNotFoundError(entry.runId);
      this.#fail(error, `journal tool call ${entry.toolCallId} of run ${entry.runId}`);
    }
  }

  async completeToolExecution(entry: CompleteToolExecution): Promise<void> {
    const queries = this.#hot();
    const audit = entry.audit ?? [];
    let changed: bigint | undefined;
    try {
      const query = queries.completeToolExecution({
        runId: entry.runId,
        toolCallId: entry.toolCallId,
        result: this.#backend.encodeJson(entry.result ?? null),
        isError: this.#backend.encodeBoolean(entry.isError),
        completedAt: entry.completedAt,
      });
      if (audit.length === 0) {
        changed = (await this.#backend.execute(query)).numAffectedRows;
      } else {
        // The result and its audit entries commit together; a completion that changed nothing
        // (the result was already stored) appends nothing, so an execution is audited once.
        changed = await this.#backend.transaction(async (run) => {
          const written = (await run(query)).numAffectedRows;
          if (written) await this.#auditLog().append(run, audit);
          return written;
        });
      }
      if (changed !== undefined && changed > 0n) return;
      // The first stored result stands; completing an already completed call changes nothing.
      const { rows } = await this.#backend.execute(queries.getToolExecution(entry));
      if (rows.length > 0) return;
    } catch (error) {
      this.#fail(error, `complete tool call ${entry.toolCallId} of run ${entry.runId}`);
    }
    throw missingExecutionError(entry.runId, entry.toolCallId);
  }

  async listToolExecutions(runId: string): Promise<ToolExecution[]> {
    try {
      const rows = await this.#db
        .selectFrom('countersign_tool_executions')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('started_at')
        .orderBy('tool_call_id')
        .execute();
      return rows.map((row) => this.#toToolExecution(row));
    } catch (error) {
      this.#fail(error, `list the tool calls of run ${runId}`);
    }
  }

  async getApprovals(query: ApprovalQuery = {}): Promise<ApprovalPage> {
    try {
      return await this.#approvalRecords().list(query);
    } catch (error) {
      this.#fail(error, 'list approvals');
    }
  }

  async getApproval(id: string): Promise<ApprovalRecord | null> {
    try {
      return await this.#approvalRecords().get(id);
    } catch (error) {
      this.#fail(error, `load approval ${id}`);
    }
  }

  async countApprovals(query: ApprovalQuery = {}): Promise<number> {
    try {
      return await this.#approvalRecords().count(query);
    } catch (error) {
      this.#fail(error, 'count approvals');
    }
  }

  async updateApproval(
    id: string,
    update: ApprovalUpdate & { resolvedByRoles?: string[] },
  ): Promise<ApprovalRecord> {
    try {
      return await this.#approvalRecords().resolve(id, update);
    } catch (error) {
      this.#fail(error, `resolve approval ${id}`);
    }
  }

  async expireApprovals(now: number): Promise<ApprovalRecord[]> {
    try {
      return await this.#approvalRecords().expire(now);
    } catch (error) {
      this.#fail(error, 'expire approvals');
    }
  }

  async appendAudit(entries: AuditEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.#backend.transaction((run) => this.#auditLog().append(run, entries));
    } catch (error) {
      this.#fail(error, 'append to the audit log');
    }
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditPage> {
    try {
      return await this.#auditLog().list(query);
    } catch (error) {
      this.#fail(error, 'list the audit log');
    }
  }

  async verifyAuditLog(): Promise<AuditVerification> {
    try {
      return await this.#auditLog().verify();
    } catch (error) {
      this.#fail(error, 'verify the audit log');
    }
  }

  async saveSlackMessage(message: SlackMessageRecord): Promise<void> {
    try {
      await saveSlackMessage(this.#backend, message);
    } catch (error) {
      if (this.#backend.isForeignKeyViolation(error)) throw new RunNotFoundError(message.runId);
      this.#fail(error, `save the Slack message of run ${message.runId}`);
    }
  }

  async listSlackMessages(runId: string): Promise<SlackMessageRecord[]> {
    try {
      return await listSlackMessages(this.#backend, runId);
    } catch (error) {
      this.#fail(error, `list the Slack messages of run ${runId}`);
    }
  }

  async enqueueHookJobs(jobs: NewHookJob[]): Promise<void> {
    if (jobs.length === 0) return;
    try {
      await this.#backend.transaction((run) => this.#hookJobs().insert(run, jobs));
    } catch (error) {
      if (this.#backend.isUniqueViolation(error)) {
        throw duplicateHookJobError(jobs.map((job) => job.id).join(', '), error);
      }
      this.#fail(error, 'enqueue hook jobs');
    }
  }

  async claimHookJobs(options: ClaimHookJobsOptions): Promise<HookJob[]> {
    try {
      return await this.#hookJobs().claim(options);
    } catch (error) {
      this.#fail(error, 'claim hook jobs');
    }
  }

  async completeHookJob(id: string, options: { owner: string; now: number }): Promise<boolean> {
    try {
      return await this.#hookJobs().complete(id, options);
    } catch (error) {
      this.#fail(error, `complete hook job ${id}`);
    }
  }

  async failHookJob(id: string, options: FailHookJobOptions): Promise<HookJob | null> {
    try {
      return await this.#hookJobs().fail(id, options);
    } catch (error) {
      this.#fail(error, `record the failure of hook job ${id}`);
    }
  }

  async listHookJobs(query: HookJobQuery = {}): Promise<HookJob[]> {
    try {
      return await this.#hookJobs().list(query);
    } catch (error) {
      this.#fail(error, 'list hook jobs');
    }
  }

  #hookJobs(): SqlHookOutbox {
    this.#hookOutbox ??= new SqlHookOutbox(this.#backend);
    return this.#hookOutbox;
  }

  async saveSpans(spans: readonly SpanRecord[]): Promise<void> {
    try {
      await this.#traceRecords().save(spans);
    } catch (error) {
      this.#fail(error, 'save spans');
    }
  }

  async listTraces(query: TraceQuery = {}): Promise<TracePage> {
    try {
      return await this.#traceRecords().list(query);
    } catch (error) {
      this.#fail(error, 'list traces');
    }
  }

  async getTrace(traceId: string): Promise<TraceDetail | null> {
    try {
      return await this.#traceRecords().get(traceId);
    } catch (error) {
      this.#fail(error, `load trace ${traceId}`);
    }
  }

  async pruneTraces(options: PruneTracesOptions): Promise<number> {
    try {
      return await this.#traceRecords().prune(options);
    } catch (error) {
      this.#fail(error, 'prune traces');
    }
  }

  #traceRecords(): SqlTraces {
    this.#traces ??= new SqlTraces(this.#backend);
    return this.#traces;
  }

  #auditLog(): SqlAuditLog {
    this.#audit ??= new SqlAuditLog(this.#backend);
    return this.#audit;
  }

  #approvalRecords(): SqlApprovals {
    this.#approvals ??= new SqlApprovals(this.#backend, this.#auditLog());
    return this.#approvals;
  }

  /** The precompiled hot queries, built on first use so constructing a store stays free. */
  #hot(): SqlQueries {
    this.#queries ??= createSqlQueries(this.#db);
    return this.#queries;
  }

  async #readStatus(runId: string): Promise<{ version: number; status: RunStatus } | null> {
    try {
      const { rows } = await this.#backend.execute(this.#hot().getRunStatus({ id: runId }));
      const row = rows[0];
      return row === undefined ? null : { version: Number(row.version), status: row.status as RunStatus };
    } catch (error) {
      this.#fail(error, `load run ${runId}`);
    }
  }

  #toStoredRun(row: RunRow): StoredRun {
    const document = this.#backend.decodeJson(row.document) as RunDocument;
    // The status column is the truth: a claim changes it without rewriting the document.
    document.status = row.status as RunStatus;
    return {
      document,
      version: row.version,
      leaseOwner: row.lease_owner,
      leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    };
  }

  #toToolExecution(row: ToolExecutionRow): ToolExecution {
    const execution: ToolExecution = {
      runId: row.run_id,
      toolCallId: row.tool_call_id,
      toolName: row.tool_name,
      status: row.status,
      startedAt: Number(row.started_at),
    };
    if (row.status === 'completed') {
      execution.result = row.result === null ? null : this.#backend.decodeJson(row.result);
      execution.isError = Boolean(row.is_error);
      if (row.completed_at !== null) execution.completedAt = Number(row.completed_at);
    }
    return execution;
  }

  /** Rethrows Countersign errors as they are and turns driver errors into Countersign ones. */
  #fail(error: unknown, action: string): never {
    if (error instanceof CountersignError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (this.#backend.isMissingTable(error)) {
      throw new MigrationRequiredError(`${this.kind}: ${message}`, { cause: error });
    }
    throw new StorageError(`The ${this.kind} store could not ${action}: ${message}`, { cause: error });
  }
}

/** A run write ready to run: see {@link SqlStore.saveRun}. */
interface PreparedRunWrite {
  document: RunDocument;
  options: Omit<SaveRunOptions, 'with'>;
  query: CompiledQuery;
  records: ApprovalRecord[];
}

/** Thrown inside a write transaction when a run's guard fails, so that every write of it is undone. */
class RunWriteRefused extends Error {
  constructor(readonly write: PreparedRunWrite) {
    super(`The write of run ${write.document.runId} was refused by its guard.`);
  }
}
