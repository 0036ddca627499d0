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
  /** Background hook jobs enqueued in the same transaction (the completed run's post-hooks). */
  hookJobs?: NewHookJob[];
  /**
   * Other runs written in the same transaction, each guarded by its own options: a team's pause
   * carries the pauses of the members that paused it, so there is never a paused member run (with
   * pending records) whose team run was not stored. Any of them failing its guard fails the whole
   * write, with the error it would give on its own.
   */
  with?: RunWrite[];
}

/** One run write of {@link SaveRunOptions.with}. */
export interface RunWrite {
  document: RunDocument;
  options: Omit<SaveRunOptions, 'with' | 'hookJobs'>;
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
  /**
   * The run as claimed (its requirements carrying their decisions, status `running`), stored by
   * the claim so a process that recovers the run after a crash knows what was decided.
   */
  document?: RunDocument;
  /**
   * Recover instead of claim: take a run left `running` whose lease ended before `now` (unix
   * milliseconds), as its claimer died. Without it only a `paused` run can be claimed.
   */
  recover?: { now: number };
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

/** Where a background hook job is: waiting (maybe for a retry), claimed, done, or given up. */
export type HookJobStatus = 'pending' | 'running' | 'completed' | 'failed';

/** A background hook job as {@link Store.enqueueHookJobs} takes it. */
export interface NewHookJob {
  id: string;
  /** The hook's name; the worker of an agent that knows the hook runs it. */
  hookName: string;
  agentId: string;
  runId: string;
  /** What the hook is called with, as JSON. */
  payload: unknown;
  /** Attempts before the job is `failed` for good. */
  maxAttempts: number;
  /** Unix milliseconds; the job is not claimed before. */
  runAfter: number;
  /** Unix milliseconds. */
  createdAt: number;
}

/** A background hook job in the durable outbox. */
export interface HookJob extends NewHookJob {
  status: HookJobStatus;
  /** Claims so far (each claim is one attempt). */
  attempts: number;
  /** The error of the last failed attempt. */
  lastError: string | null;
  leaseOwner: string | null;
  /** Unix milliseconds; a `running` job whose lease passed is claimed again (its worker died). */
  leaseUntil: number | null;
  /** Unix milliseconds. */
  updatedAt: number;
}

/** How {@link Store.claimHookJobs} takes jobs. */
export interface ClaimHookJobsOptions {
  owner: string;
  /** Unix milliseconds. */
  now: number;
  leaseMs: number;
  /** At most this many jobs (1..100). */
  limit: number;
  /** Only jobs of this agent. */
  agentId?: string;
  /** Only jobs of these hooks (a worker claims only what it can run). */
  hookNames?: readonly string[];
}

/** How {@link Store.failHookJob} records a failed attempt. */
export interface FailHookJobOptions {
  owner: string;
  error: string;
  /** Unix milliseconds. */
  now: number;
  /** When to try again; the job is `failed` for good instead once its attempts are used up. */
  retryAt: number;
}

/** Filters of {@link Store.listHookJobs}. */
export interface HookJobQuery {
  status?: HookJobStatus;
  agentId?: string;
  runId?: string;
  /** 1..500, default 100. */
  limit?: number;
}

/**
 * Where the Slack interface posted a message about one requirement of a paused run, kept so a
 * later decision (made in Slack, the web UI or the API) updates that message instead of leaving a
 * stale prompt with live buttons. One row per run, requirement and audience.
 */
export interface SlackMessageRecord {
  runId: string;
  requirementId: string;
  /** `user`: the prompt to the run's user in its thread; `approver`: the request in an approver channel. */
  audience: 'user' | 'approver';
  toolCallId: string;
  /** The approval record the message asks about (`approver` messages), or `null`. */
  approvalId: string | null;
  /** The Slack channel id. */
  channel: string;
  /** The message's Slack timestamp: its id for `chat.update`. */
  ts: string;
  /** The thread the message was posted in, or `null` for a top-level message. */
  threadTs: string | null;
  /** Unix seconds. */
  createdAt: number;
}

/** Receives the payload of each notification published on a channel it subscribed to. */
export type NotificationListener = (payload: string) => void;

/**
 * Live messages between the processes that share one store (PostgreSQL `LISTEN`/`NOTIFY`). A
 * store that only ever serves one process (SQLite, memory) has none. Delivery is best effort:
 * what is published while a subscriber's connection is down is lost to it, so a subscriber
 * that must not miss state reads it from the store.
 */
export interface StoreNotifications {
  /** The largest payload {@link publish} accepts, in UTF-8 bytes. */
  readonly maxPayloadBytes: number;
  /**
   * Sends the payloads, in order, to every subscriber of the channel in every process sharing
   * the store (this one included). A payload over {@link maxPayloadBytes} is a `ValidationError`
   * and nothing is sent.
   */
  publish(channel: string, payloads: readonly string[]): Promise<void>;
  /**
   * Calls `listener` with each payload published on the channel from now on. Resolves once the
   * subscription listens, with the function that ends it; rejects with `StorageError` (and
   * keeps nothing) when the database cannot be reached. A connection lost later is re-opened
   * on its own.
   */
  subscribe(channel: string, listener: NotificationListener): Promise<() => Promise<void>>;
}

/**
 * The storage interface every backend implements (`InMemoryDb`, `SqliteDb`, `PostgresDb`). All
 * three pass one conformance suite (`countersign/testing`). Methods are async and either succeed
 * or throw a Countersign error: `RunConflictError` for a failed compare-and-set,
 * `MigrationRequiredError` when tables are missing, `StorageError` for anything else.
 */
/** The result of a started tool call, for {@link Store.completeToolExecution}. */
export interface CompleteToolExecution {
  runId: string;
  toolCallId: string;
  result: unknown;
  isError: boolean;
  completedAt: number;
  audit?: AuditEntryInput[];
}

export interface Store {
  /** A short name for logs and errors: `memory`, `sqlite`, `postgres`. */
  readonly kind: string;
  /** Creates or upgrades the tables. Idempotent; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Releases connections. The store cannot be used afterwards. */
  close(): Promise<void>;
  /**
   * Live notifications between the processes sharing this store, when the backend has them
   * (PostgreSQL); the AgentOS uses them to share its events between instances.
   */
  readonly notifications?: StoreNotifications;

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
   * a `StorageError`. The result is stored as JSON (`undefined` reads back as `null`). `audit`
   * entries (the execution's `tool-executed` entry) commit with the result, or not at all, and are
   * written only by the completion that stored the result.
   */
  completeToolExecution(entry: CompleteToolExecution): Promise<void>;
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
  /**
   * Adds background hook jobs to the durable outbox (one transaction). An id stored before is a
   * `StorageError`. Jobs are also enqueued by {@link saveRun} with `hookJobs`, in the run's transaction.
   */
  enqueueHookJobs(jobs: NewHookJob[]): Promise<void>;
  /**
   * Claims up to `limit` due jobs, oldest `runAfter` first: `pending` ones whose `runAfter` has come
   * and `running` ones whose lease ended (their worker died). Each claimed job becomes `running` with
   * the caller's lease and one more attempt. Concurrent claimers never get the same job.
   */
  claimHookJobs(options: ClaimHookJobsOptions): Promise<HookJob[]>;
  /** Marks a claimed job `completed`; `false` (and no change) when `owner` no longer holds it. */
  completeHookJob(id: string, options: { owner: string; now: number }): Promise<boolean>;
  /**
   * Records a failed attempt: the job goes back to `pending` until `retryAt`, or becomes `failed`
   * when its attempts are used up; `lastError` keeps the error. Returns the job as stored, or
   * `null` (and no change) when `owner` no longer holds it.
   */
  failHookJob(id: string, options: FailHookJobOptions): Promise<HookJob | null>;
  /** Jobs oldest first, filtered; a limit outside 1..500 is a `ValidationError`. */
  listHookJobs(query?: HookJobQuery): Promise<HookJob[]>;

  /** Audit entries in chain order (`seq` ascending), from the cursor on, optionally of one run or record. */
  listAudit(query?: AuditQuery): Promise<AuditPage>;
  /**
   * Re-computes the whole chain (read in pages) and reports the first entry that was altered,
   * deleted or reordered, how many entries checked out, and the head hash.
   */
  verifyAuditLog(): Promise<AuditVerification>;

  /**
   * Remembers where Slack posted a message about a requirement of a run. Saving the same run,
   * requirement and audience again replaces the stored message. The run must exist
   * (`RunNotFoundError` otherwise).
   */
  saveSlackMessage(message: SlackMessageRecord): Promise<void>;
  /** The Slack messages posted about a run's requirements, oldest first (empty for an unknown run). */
  listSlackMessages(runId: string): Promise<SlackMessageRecord[]>;
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
