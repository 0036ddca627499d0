import type {
  ApprovalPage,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalUpdate,
} from '../../approvals/approval-record.js';
import type { AuditEntryInput, AuditPage, AuditVerification } from '../../audit/audit-entry.js';
import { RunConflictError, RunNotFoundError, StorageError, ValidationError } from '../../errors/index.js';
import type { RunDocument } from '../../run/run-document.js';
import type { SpanRecord } from '../../tracing/span-record.js';
import type { PruneTracesOptions, TraceDetail, TracePage, TraceQuery } from '../../tracing/trace-record.js';
import {
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
import { InMemoryApprovals } from './in-memory-approvals.js';
import { InMemoryAuditLog } from './in-memory-audit-log.js';
import { InMemoryHookOutbox } from './in-memory-hook-outbox.js';
import { InMemoryTraces } from './in-memory-traces.js';

/** One stored run; the document is private to the store (copied in and out). */
interface RunRecord {
  document: RunDocument;
  /** The listing keys, fixed at insert like the SQL columns `listRuns` filters and orders on. */
  createdAt: number;
  agentId: string;
  teamId: string | undefined;
  sessionId: string;
  userId: string | undefined;
  version: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

/** The audit log of each store, reachable by test suites only (see {@link inMemoryAuditLogOf}). */
const auditLogs = new WeakMap<InMemoryDb, InMemoryAuditLog>();

/**
 * The stored audit entries of an `InMemoryDb`, for test suites that tamper with the chain to check
 * that `verifyAuditLog` notices (the SQL test suites do it with raw SQL). Not exported by the
 * package: nothing else may write to the log.
 */
export function inMemoryAuditLogOf(db: InMemoryDb): InMemoryAuditLog {
  const log = auditLogs.get(db);
  if (log === undefined) throw new StorageError('Not an InMemoryDb.');
  return log;
}

/**
 * A {@link Store} kept in process memory: for tests, examples and single-process tools where
 * losing paused runs on exit is acceptable. It follows the SQL backends exactly (same
 * compare-and-set rules, same ordering, same cursors, same errors) and passes the same
 * conformance suite. Documents are deep-copied on save and on read, so a caller that mutates
 * what it saved or loaded never changes the stored state.
 *
 * @example
 * ```ts
 * const db = new InMemoryDb();
 * const agent = new Agent({ name: 'ops', model, db });
 * ```
 */
export class InMemoryDb implements Store {
  readonly kind = 'memory';
  readonly #runs = new Map<string, RunRecord>();
  /** Journal rows by run id, then by tool call id. */
  readonly #toolExecutions = new Map<string, Map<string, ToolExecution>>();
  readonly #audit = new InMemoryAuditLog();
  readonly #approvals = new InMemoryApprovals(this.#audit);
  /** Slack messages by run id, then by `requirementId:audience`, in insertion order. */
  readonly #slackMessages = new Map<string, Map<string, SlackMessageRecord>>();
  readonly #hookOutbox = new InMemoryHookOutbox();
  readonly #traces = new InMemoryTraces();
  #closed = false;

  constructor() {
    auditLogs.set(this, this.#audit);
  }

  /** Nothing to create in memory; present so code can call `migrate()` on any store. */
  async migrate(): Promise<void> {
    this.#assertOpen();
  }

  /** Drops every stored run; the store cannot be used afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#runs.clear();
    this.#toolExecutions.clear();
    this.#slackMessages.clear();
    this.#traces.clear();
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    this.#assertOpen();
    const record = this.#runs.get(runId);
    return record === undefined ? null : toStoredRun(record);
  }

  async saveRun(document: RunDocument, options: SaveRunOptions): Promise<number> {
    this.#assertOpen();
    // Every check first, for every run of the write: a failed write changes nothing, as a
    // rolled-back transaction.
    const writes = [...(options.with ?? []), { document, options }];
    const seen = new Set<string>();
    for (const write of writes) {
      if (seen.has(write.document.runId)) {
        throw new ValidationError(`Run ${write.document.runId} appears twice in one write.`, [
          { path: 'with', message: 'one write per run' },
        ]);
      }
      seen.add(write.document.runId);
      this.#checkRunWrite(write.document, write.options);
    }
    const records = writes.map((write) => prepareNewApprovals(write.document, write.options.approvals ?? []));
    writes.forEach((write, index) => {
      this.#approvals.assertInsertable(write.document.runId, records[index] ?? []);
    });
    const entries = this.#audit.prepare(writes.flatMap((write) => write.options.audit ?? []));
    this.#hookOutbox.assertInsertable(options.hookJobs ?? []);

    let version = 1;
    writes.forEach((write, index) => {
      version = this.#applyRunWrite(write.document, write.options);
      this.#approvals.insert(records[index] ?? []);
    });
    this.#audit.commit(entries);
    this.#hookOutbox.insert(options.hookJobs ?? []);
    return version;
  }

  #checkRunWrite(
    document: RunDocument,
    options: Pick<SaveRunOptions, 'expectedVersion' | 'expectedStatus'>,
  ): void {
    const existing = this.#runs.get(document.runId);
    if (options.expectedVersion === null) {
      if (existing !== undefined) throw duplicateRunError(document.runId, existing.document.status);
      return;
    }
    if (existing === undefined) throw new RunNotFoundError(document.runId);
    if (
      existing.version !== options.expectedVersion ||
      (options.expectedStatus !== undefined && existing.document.status !== options.expectedStatus)
    ) {
      throw staleRunError(document.runId, options, {
        version: existing.version,
        status: existing.document.status,
      });
    }
  }

  /** Stores one checked run write; returns its new version. */
  #applyRunWrite(document: RunDocument, options: Pick<SaveRunOptions, 'lease'>): number {
    const existing = this.#runs.get(document.runId);
    if (existing === undefined) {
      this.#runs.set(document.runId, {
        document: structuredClone(document),
        createdAt: document.createdAt,
        agentId: document.agentId,
        teamId: document.teamId,
        sessionId: document.sessionId,
        userId: document.userId,
        version: 1,
        leaseOwner: options.lease?.owner ?? null,
        leaseUntil: options.lease?.until ?? null,
      });
      return 1;
    }
    const previousStatus = existing.document.status;
    existing.document = structuredClone(document);
    existing.version += 1;
    if (options.lease !== undefined) {
      existing.leaseOwner = options.lease?.owner ?? null;
      existing.leaseUntil = options.lease?.until ?? null;
    }
    if (previousStatus !== document.status) {
      this.#approvals.followRun(document.runId, document.status, document.updatedAt);
    }
    return existing.version;
  }

  async claimRun(runId: string, options: ClaimRunOptions): Promise<ClaimedRun> {
    this.#assertOpen();
    const existing = this.#runs.get(runId);
    if (existing === undefined) throw new RunNotFoundError(runId);
    const claimable =
      options.recover === undefined
        ? existing.document.status === 'paused'
        : existing.document.status === 'running' &&
          existing.leaseUntil !== null &&
          existing.leaseUntil < options.recover.now;
    if (existing.version !== options.expectedVersion || !claimable) {
      throw new RunConflictError(runId, existing.document.status);
    }
    const entries = this.#audit.prepare(options.audit ?? []);
    if (options.document !== undefined) existing.document = toJsonValue(options.document) as RunDocument;
    existing.document.status = 'running';
    existing.document.updatedAt = options.updatedAt;
    existing.version += 1;
    existing.leaseOwner = options.lease.owner;
    existing.leaseUntil = options.lease.until;
    this.#approvals.followRun(runId, 'running', options.updatedAt);
    const previousExecutions = new Map<string, ToolExecution>();
    for (const call of options.startToolCalls ?? []) {
      const previous = this.#beginToolExecution({
        runId,
        ...call,
        startedAt: options.startedAt ?? Date.now(),
      });
      if (previous !== null) previousExecutions.set(call.toolCallId, previous);
    }
    this.#audit.commit(entries);
    return { version: existing.version, previousExecutions };
  }

  async listRuns(query: ListRunsQuery = {}): Promise<RunPage> {
    this.#assertOpen();
    const { limit, after } = resolveListRunsBounds(query);
    const matches: RunRecord[] = [];
    for (const record of this.#runs.values()) {
      if (query.status !== undefined && record.document.status !== query.status) continue;
      if (query.agentId !== undefined && record.agentId !== query.agentId) continue;
      if (query.teamId !== undefined && record.teamId !== query.teamId) continue;
      if (query.sessionId !== undefined && record.sessionId !== query.sessionId) continue;
      if (query.userId !== undefined && record.userId !== query.userId) continue;
      if (after !== null && compareNewestFirst(record, after.createdAt, after.runId) <= 0) continue;
      matches.push(record);
    }
    matches.sort((left, right) => compareNewestFirst(left, right.createdAt, right.document.runId));
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toStoredRun),
      nextCursor:
        matches.length > limit && last !== undefined
          ? encodeRunCursor({ createdAt: last.createdAt, runId: last.document.runId })
          : null,
    };
  }

  async beginToolExecution(entry: {
    runId: string;
    toolCallId: string;
    toolName: string;
    startedAt: number;
  }): Promise<ToolExecution | null> {
    this.#assertOpen();
    return this.#beginToolExecution(entry);
  }

  #beginToolExecution(entry: {
    runId: string;
    toolCallId: string;
    toolName: string;
    startedAt: number;
  }): ToolExecution | null {
    if (!this.#runs.has(entry.runId)) throw new RunNotFoundError(entry.runId);
    let journal = this.#toolExecutions.get(entry.runId);
    if (journal === undefined) {
      journal = new Map();
      this.#toolExecutions.set(entry.runId, journal);
    }
    const existing = journal.get(entry.toolCallId);
    if (existing !== undefined) return copyExecution(existing);
    journal.set(entry.toolCallId, {
      runId: entry.runId,
      toolCallId: entry.toolCallId,
      toolName: entry.toolName,
      status: 'started',
      startedAt: entry.startedAt,
    });
    return null;
  }

  async completeToolExecution(entry: CompleteToolExecution): Promise<void> {
    this.#assertOpen();
    const existing = this.#toolExecutions.get(entry.runId)?.get(entry.toolCallId);
    if (existing === undefined) throw missingExecutionError(entry.runId, entry.toolCallId);
    // The first stored result stands, as in the SQL backends (`WHERE status = 'started'`).
    if (existing.status === 'completed') return;
    // Prepared first: a bad entry fails the completion before anything changed.
    const audit = entry.audit && entry.audit.length > 0 ? this.#audit.prepare(entry.audit) : undefined;
    existing.status = 'completed';
    // A JSON round trip stores exactly what a SQL backend would give back (Dates become strings).
    existing.result = toJsonValue(entry.result);
    existing.isError = entry.isError;
    existing.completedAt = entry.completedAt;
    if (audit !== undefined) this.#audit.commit(audit);
  }

  async listToolExecutions(runId: string): Promise<ToolExecution[]> {
    this.#assertOpen();
    const journal = this.#toolExecutions.get(runId);
    if (journal === undefined) return [];
    return [...journal.values()]
      .sort(
        (left, right) => left.startedAt - right.startedAt || (left.toolCallId < right.toolCallId ? -1 : 1),
      )
      .map(copyExecution);
  }

  async getApprovals(query: ApprovalQuery = {}): Promise<ApprovalPage> {
    this.#assertOpen();
    return this.#approvals.list(query);
  }

  async getApproval(id: string): Promise<ApprovalRecord | null> {
    this.#assertOpen();
    return this.#approvals.get(id);
  }

  async countApprovals(query: ApprovalQuery = {}): Promise<number> {
    this.#assertOpen();
    return this.#approvals.count(query);
  }

  async updateApproval(
    id: string,
    update: ApprovalUpdate & { resolvedByRoles?: string[] },
  ): Promise<ApprovalRecord> {
    this.#assertOpen();
    return this.#approvals.resolve(id, update);
  }

  async expireApprovals(now: number): Promise<ApprovalRecord[]> {
    this.#assertOpen();
    return this.#approvals.expire(now);
  }

  async appendAudit(entries: AuditEntryInput[]): Promise<void> {
    this.#assertOpen();
    this.#audit.commit(this.#audit.prepare(entries));
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditPage> {
    this.#assertOpen();
    return this.#audit.list(query);
  }

  async verifyAuditLog(): Promise<AuditVerification> {
    this.#assertOpen();
    return this.#audit.verify();
  }

  async saveSlackMessage(message: SlackMessageRecord): Promise<void> {
    this.#assertOpen();
    if (!this.#runs.has(message.runId)) throw new RunNotFoundError(message.runId);
    let messages = this.#slackMessages.get(message.runId);
    if (messages === undefined) {
      messages = new Map();
      this.#slackMessages.set(message.runId, messages);
    }
    const key = `${message.requirementId}:${message.audience}`;
    const previous = messages.get(key);
    // A replaced message keeps its first createdAt, as the SQL upsert does.
    messages.set(key, { ...message, createdAt: previous?.createdAt ?? message.createdAt });
  }

  async listSlackMessages(runId: string): Promise<SlackMessageRecord[]> {
    this.#assertOpen();
    return [...(this.#slackMessages.get(runId)?.values() ?? [])]
      .sort(
        (left, right) =>
          left.createdAt - right.createdAt ||
          compareText(left.requirementId, right.requirementId) ||
          compareText(left.audience, right.audience),
      )
      .map((message) => ({ ...message }));
  }

  async enqueueHookJobs(jobs: NewHookJob[]): Promise<void> {
    this.#assertOpen();
    this.#hookOutbox.assertInsertable(jobs);
    this.#hookOutbox.insert(jobs);
  }

  async claimHookJobs(options: ClaimHookJobsOptions): Promise<HookJob[]> {
    this.#assertOpen();
    return this.#hookOutbox.claim(options);
  }

  async completeHookJob(id: string, options: { owner: string; now: number }): Promise<boolean> {
    this.#assertOpen();
    return this.#hookOutbox.complete(id, options);
  }

  async failHookJob(id: string, options: FailHookJobOptions): Promise<HookJob | null> {
    this.#assertOpen();
    return this.#hookOutbox.fail(id, options);
  }

  async listHookJobs(query: HookJobQuery = {}): Promise<HookJob[]> {
    this.#assertOpen();
    return this.#hookOutbox.list(query);
  }

  async saveSpans(spans: readonly SpanRecord[]): Promise<void> {
    this.#assertOpen();
    this.#traces.save(spans);
  }

  async listTraces(query: TraceQuery = {}): Promise<TracePage> {
    this.#assertOpen();
    return this.#traces.list(query);
  }

  async getTrace(traceId: string): Promise<TraceDetail | null> {
    this.#assertOpen();
    return this.#traces.get(traceId);
  }

  async pruneTraces(options: PruneTracesOptions): Promise<number> {
    this.#assertOpen();
    return this.#traces.prune(options);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageError('This InMemoryDb was closed; create a new one.');
  }
}

/**
 * Orders runs newest first: positive when `record` comes after the position
 * `(createdAt, runId)` in a newest-first listing.
 */
function compareNewestFirst(record: RunRecord, createdAt: number, runId: string): number {
  if (record.createdAt !== createdAt) return createdAt - record.createdAt;
  if (record.document.runId === runId) return 0;
  return record.document.runId < runId ? 1 : -1;
}

/** Orders text by code unit, as the SQL stores' binary collation does. */
function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function toStoredRun(record: RunRecord): StoredRun {
  return {
    document: structuredClone(record.document),
    version: record.version,
    leaseOwner: record.leaseOwner,
    leaseUntil: record.leaseUntil,
  };
}

function copyExecution(execution: ToolExecution): ToolExecution {
  const copy: ToolExecution = { ...execution };
  if (execution.status === 'completed') copy.result = toJsonValue(execution.result);
  return copy;
}

function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}
