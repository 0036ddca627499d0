import type {
  ApprovalPage,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalUpdate,
} from '../approvals/approval-record.js';
import type { AuditEntryInput, AuditPage, AuditVerification } from '../audit/audit-entry.js';
import type { RunDocument, RunStatus } from '../run/run-document.js';
import type { SpanRecord } from '../tracing/span-record.js';
import type { PruneTracesOptions, TraceDetail, TracePage, TraceQuery } from '../tracing/trace-record.js';

/** A run as the store holds it: the document and its row version (bumped by every write). */
export interface StoredRun {
  document: RunDocument;
  /** Starts at 1 on insert; every successful {@link Store.saveRun} adds one. */
  version: number;
  /** Instance holding the run while it is `running` (set by a claim), or `null`. */
  leaseOwner: string | null;
  /** Unix milliseconds until which the lease holds, or `null`. */
  leaseUntil: number | null;
}

/** How {@link Store.saveRun} guards a write. */
export interface SaveRunOptions {
  /**
   * `null` inserts a new run (an existing id is a `RunConflictError`). A number updates the run
   * only if its stored version still equals it (compare-and-set); otherwise `RunConflictError`.
   */
  expectedVersion: number | null;
  /** With an update: the stored status must also equal this, or `RunConflictError`. */
  expectedStatus?: RunStatus;
  /** Lease to record with the write (a claim sets one; finishing clears it with `null`). */
  lease?: { owner: string; until: number } | null;
  /** Approval records inserted in the same transaction (a pause): no run without its records. */
  approvals?: ApprovalRecord[];
  /** Audit entries appended to the chain in the same transaction. */
  audit?: AuditEntryInput[];
}

/** How {@link Store.claimRun} takes a paused run. */
export interface ClaimRunOptions {
  /** The version the caller read; the claim fails with `RunConflictError` if it moved. */
  expectedVersion: number;
  lease: { owner: string; until: number };
  /** Unix seconds, written as the run's `updatedAt`. */
  updatedAt: number;
  /**
   * Tool calls the claimer is about to execute. Their journal rows are started in the same
   * transaction, so a call is never executed by a leg that did not win the claim.
   */
  startToolCalls?: { toolCallId: string; toolName: string }[];
  /** Unix milliseconds, the `startedAt` of those journal rows. */
  startedAt?: number;
  /** Audit entries appended in the claim's transaction (the user's decisions). */
  audit?: AuditEntryInput[];
}

/** What a successful claim returns. */
export interface ClaimedRun {
  /** The run's version after the claim (the expected version plus one). */
  version: number;
  /**
   * Journal rows of `startToolCalls` that existed before this claim (an earlier attempt of the
   * same call), keyed by tool call id. A call absent here was started fresh by this claim.
   */
  previousExecutions: Map<string, ToolExecution>;
}

/** Filters of {@link Store.listRuns}. */
export interface ListRunsQuery {
  status?: RunStatus;
  agentId?: string;
  teamId?: string;
  sessionId?: string;
  userId?: string;
  /** 1..500, default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of runs, newest first. */
export interface RunPage {
  items: StoredRun[];
  nextCursor: string | null;
}

/** Filters and position of {@link Store.listAudit}. */
export interface AuditQuery {
  /** 1..1,000, default 100. */
  limit?: number;
  /** The `nextCursor` of the previous page: the `seq` of its last entry, as decimal text. */
  cursor?: string;
  /** Only the entries of this run. */
  runId?: string;
  /** Only the entries of this approval record. */
  approvalId?: string;
}

/** One row of the tool-execution journal: the record that makes "executed exactly once" hold. */
export interface ToolExecution {
  runId: string;
  toolCallId: string;
  toolName: string;
  /** `started`: execute was called and no result is stored (in doubt after a crash). */
  status: 'started' | 'completed';
  result?: unknown;
  isError?: boolean;
  /** Unix milliseconds. */
  startedAt: number;
  /** Unix milliseconds. */
  completedAt?: number;
}

/**
 * The storage interface every backend implements (`InMemoryDb`, `SqliteDb`, `PostgresDb`). All
 * three pass one conformance suite (`countersign/testing`). Methods are async and either succeed
 * or throw a Countersign error: `RunConflictError` for a failed compare-and-set,
 * `MigrationRequiredError` when tables are missing, `StorageError` for anything else.
 */
export interface Store {
  /** A short name for logs and errors: `memory`, `sqlite`, `postgres`. */
  readonly kind: string;
  /** Creates or upgrades the tables. Idempotent; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Releases connections. The store cannot be used afterwards. */
  close(): Promise<void>;

  /** The stored run, or `null` for an unknown id. */
  getRun(runId: string): Promise<StoredRun | null>;
  /**
   * Inserts or compare-and-set updates one run in one transaction; returns the new version.
   *
   * The listing keys (`agentId`, `teamId`, `sessionId`, `userId`, `createdAt`) are taken at insert
   * and kept by updates, so a run stays where `listRuns` found it; the status is updated with every
   * write. A failed write changes nothing and throws `RunConflictError` (duplicate id, stale version
   * or other status, carrying the stored status) or `RunNotFoundError` (update of an unknown id).
   */
  saveRun(document: RunDocument, options: SaveRunOptions): Promise<number>;
  /**
   * Claims a paused run for one continuer, in one transaction: `paused -> running` with
   * compare-and-set on the version, a lease, and `started` journal rows for the calls about to
   * execute. The document itself is not rewritten (its `status` reads as `running` from now on).
   * Throws `RunConflictError` if the run moved or is not paused, `RunNotFoundError` if unknown;
   * a failed claim writes nothing.
   */
  claimRun(runId: string, options: ClaimRunOptions): Promise<ClaimedRun>;
  /**
   * Runs newest first (`createdAt` descending, `runId` as tie-breaker), filtered. The cursor is a
   * keyset position, so runs inserted between pages never repeat or push older runs out of later
   * pages. A limit outside 1..500 is a `ValidationError`; a cursor not made by `listRuns` an
   * `InvalidCursorError`.
   */
  listRuns(query?: ListRunsQuery): Promise<RunPage>;

  /**
   * Records that a tool call is about to execute. Returns `null` when this caller may execute it
   * (a new `started` row was written), or the existing row when the call was seen before:
   * `completed` carries the stored result, `started` means an earlier attempt never finished.
   * The run must exist (`RunNotFoundError` otherwise); deleting a run deletes its journal.
   */
  beginToolExecution(entry: {
    runId: string;
    toolCallId: string;
    toolName: string;
    startedAt: number;
  }): Promise<ToolExecution | null>;
  /**
   * Stores the result of a started tool call (`started` -> `completed`). The first stored result
   * stands: completing a completed call changes nothing. Completing a call that was never begun is
   * a `StorageError`. The result is stored as JSON (`undefined` reads back as `null`).
   */
  completeToolExecution(entry: {
    runId: string;
    toolCallId: string;
    result: unknown;
    isError: boolean;
    completedAt: number;
  }): Promise<void>;
  /** Every journal row of a run, in start order. */
  listToolExecutions(runId: string): Promise<ToolExecution[]>;

  /**
   * Approval records, newest first (`createdAt` descending, `id` tie-breaker), filtered, with a
   * keyset cursor that stays stable under concurrent inserts. A limit outside 1..500 is a
   * `ValidationError`; a cursor not made by `getApprovals` an `InvalidCursorError`. Pending
   * records past their `expiresAt` are expired (stored, with their audit entries) before they
   * are reported, so a read never shows them as `pending`.
   */
  getApprovals(query?: ApprovalQuery): Promise<ApprovalPage>;
  /** One approval record, or `null`; a pending record past its `expiresAt` is expired first. */
  getApproval(id: string): Promise<ApprovalRecord | null>;
  /** How many records match (same filters as {@link getApprovals}, without limit and cursor). */
  countApprovals(query?: ApprovalQuery): Promise<number>;
  /**
   * Resolves a record with compare-and-set on its status, and appends the matching audit entry
   * in the same transaction. Authority rules apply (see `assertMayResolve`); for a record with
   * `quorum > 1` an approval is a vote and the record stays `pending` until enough distinct
   * approvers voted. Returns the record as stored afterwards.
   *
   * Throws `ApprovalNotFoundError` for an unknown id, `ApprovalConflictError` (with the actual
   * status) when the record is no longer in `expectedStatus` (a pending record past its expiry
   * is expired, stored, and reported as `expired`), `ApprovalForbiddenError` when the resolver may
   * not decide it, and `ValidationError` unless `expectedStatus` is `pending` and `status` final.
   */
  updateApproval(
    id: string,
    update: ApprovalUpdate & { resolvedByRoles?: string[] },
  ): Promise<ApprovalRecord>;
  /**
   * Marks every pending record whose `expiresAt` is before `now` (unix seconds) as `expired`,
   * with an `approval-expired` audit entry each; returns the records it expired.
   */
  expireApprovals(now: number): Promise<ApprovalRecord[]>;

  /**
   * Appends entries to the audit chain in one transaction: each gets the next `seq`, an id, the
   * previous entry's hash and its own. Appenders are serialized, so the chain never forks. The
   * audit log is append-only: no store method updates or deletes an entry.
   */
  appendAudit(entries: AuditEntryInput[]): Promise<void>;
  /** Audit entries in chain order (`seq` ascending), from the cursor on, optionally of one run or record. */
  listAudit(query?: AuditQuery): Promise<AuditPage>;
  /**
   * Re-computes the whole chain (read in pages) and reports the first entry that was altered,
   * deleted or reordered, how many entries checked out, and the head hash.
   */
  verifyAuditLog(): Promise<AuditVerification>;

  /**
   * Stores finished spans in one transaction and adds them to their traces' summaries (span count,
   * time range, errors, tokens). Saving a span that is already stored (same trace and span id)
   * changes nothing, so a retried batch is counted once. A malformed span is a `ValidationError`
   * and nothing of the batch is stored.
   */
  saveSpans(spans: readonly SpanRecord[]): Promise<void>;
  /**
   * Trace summaries newest first (`startTime` descending, `traceId` tie-breaker), filtered, with a
   * keyset cursor. A limit outside 1..500 is a `ValidationError`; a cursor not made by
   * `listTraces` an `InvalidCursorError`.
   */
  listTraces(query?: TraceQuery): Promise<TracePage>;
  /** One trace with all its spans ordered by start time, or `null` for an unknown id. */
  getTrace(traceId: string): Promise<TraceDetail | null>;
  /**
   * Deletes the traces whose last span ended before `olderThan` (seconds or a duration such as
   * `'90d'` before now, or a `Date`), with their spans; returns how many traces went. Runs,
   * approval records and the audit log are never touched.
   */
  pruneTraces(options: PruneTracesOptions): Promise<number>;
}
