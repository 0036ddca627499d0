import type { ApprovalPage, ApprovalQuery, ApprovalRecord } from '../../approvals/approval-record.js';
import { ApprovalNotFoundError } from '../../errors/index.js';
import {
  type ApprovalResolutionUpdate,
  activeApprovalFilters,
  approvalConflict,
  assertMayResolve,
  ExpirySchedule,
  encodeApprovalCursor,
  expiryUpdate,
  isPastExpiry,
  planResolution,
  resolveApprovalQueryBounds,
  unixSeconds,
  validateResolution,
} from '../shared/index.js';
import {
  type ApprovalQueries,
  type ApprovalRow,
  approvalListParameters,
  approvalToRow,
  createApprovalQueries,
  rowToApproval,
} from './sql-approval-queries.js';
import type { SqlAuditLog } from './sql-audit-log.js';
import type { QueryRunner, SqlBackend } from './sql-backend.js';

/** How a resolution ended inside its transaction; errors are thrown after the commit. */
type ResolutionOutcome =
  | { kind: 'resolved'; record: ApprovalRecord }
  | { kind: 'conflict'; actual: ApprovalRecord['status'] }
  | { kind: 'not-found' };

/**
 * The approval records of {@link SqlStore}: inserts inside the pause transaction, listings and
 * counts on precompiled queries, resolutions as compare-and-set transactions with their audit
 * entry, and the expiry sweep (run lazily by reads, at most once a second per store).
 */
export class SqlApprovals {
  readonly #backend: SqlBackend;
  readonly #audit: SqlAuditLog;
  readonly #queries: ApprovalQueries;
  readonly #schedule = new ExpirySchedule();

  constructor(backend: SqlBackend, audit: SqlAuditLog) {
    this.#backend = backend;
    this.#audit = audit;
    this.#queries = createApprovalQueries(backend.db, backend.rowLocks);
  }

  /** Inserts new records inside the caller's transaction; a duplicate id fails the statement. */
  async insert(run: QueryRunner, records: readonly ApprovalRecord[]): Promise<void> {
    const rows = records.map((record) => approvalToRow(record, (value) => this.#backend.encodeJson(value)));
    if (this.#backend.batchInserts && rows.length > 1) {
      await run(this.#queries.insertApprovals(rows));
      return;
    }
    for (const row of rows) await run(this.#queries.insertApproval(row));
  }

  async list(query: ApprovalQuery): Promise<ApprovalPage> {
    const bounds = resolveApprovalQueryBounds(query);
    const now = unixSeconds();
    if (this.#schedule.take()) await this.#sweepIfDue(now);
    let page = await this.#page(query, bounds.limit, bounds.after);
    // A record may have expired since the last sweep: sweep now, so the page never shows it pending.
    if (page.items.some((record) => isPastExpiry(record, now))) {
      await this.expire(now);
      page = await this.#page(query, bounds.limit, bounds.after);
    }
    return page;
  }

  async count(query: ApprovalQuery): Promise<number> {
    // A count cannot look at its records, so it always checks the expiry index first (one cheap read).
    await this.#sweepIfDue(unixSeconds());
    const filters = activeApprovalFilters(query);
    const { rows } = await this.#backend.execute(
      this.#queries.countApprovals(filters)(approvalListParameters(query, filters)),
    );
    return Number(rows[0]?.count ?? 0);
  }

  async get(id: string): Promise<ApprovalRecord | null> {
    const record = await this.#read(id);
    if (record === null) return null;
    const now = unixSeconds();
    if (!isPastExpiry(record, now)) return record;
    // Past its expiry: store it as expired (with its audit entry) before reporting it.
    const outcome = await this.#backend.transaction((run) =>
      this.#resolveIn(run, id, expiryUpdate(now), now),
    );
    return outcome.kind === 'resolved' ? outcome.record : this.#read(id);
  }

  async resolve(id: string, update: ApprovalResolutionUpdate): Promise<ApprovalRecord> {
    validateResolution(id, update);
    const now = unixSeconds();
    const outcome = await this.#backend.transaction((run) => this.#resolveIn(run, id, update, now));
    if (outcome.kind === 'resolved') return outcome.record;
    if (outcome.kind === 'not-found') throw new ApprovalNotFoundError(id);
    throw approvalConflict(id, update, outcome.actual);
  }

  /** Expires every pending record past its expiry, with an audit entry each, in one transaction. */
  async expire(now: number): Promise<ApprovalRecord[]> {
    this.#schedule.swept();
    return this.#backend.transaction(async (run) => {
      const { rows } = await run(this.#queries.expireDue({ now }));
      const expired = rows.map((row) => this.#toRecord(row));
      const audit = expired.map(
        (record) =>
          planResolution(
            { ...record, status: 'pending', resolvedAt: null, resolvedBy: null },
            expiryUpdate(now),
            now,
          ).audit,
      );
      await this.#audit.append(run, audit);
      return expired;
    });
  }

  /** The sweep of reads: one indexed read, and the expiring transaction only when something is due. */
  async #sweepIfDue(now: number): Promise<void> {
    const { rows } = await this.#backend.execute(this.#queries.findDue({ now }));
    if (rows.length > 0) await this.expire(now);
  }

  async #resolveIn(
    run: QueryRunner,
    id: string,
    update: ApprovalResolutionUpdate,
    now: number,
  ): Promise<ResolutionOutcome> {
    const { rows } = await run(this.#queries.getApprovalForResolution({ id }));
    const row = rows[0];
    if (row === undefined) return { kind: 'not-found' };
    const record = this.#toRecord(row);
    if (update.status !== 'expired' && isPastExpiry(record, now)) {
      // Too late: the record expires now (and stays expired after the commit), the caller gets a conflict.
      await this.#write(run, record, Number(row.version), planResolution(record, expiryUpdate(now), now));
      return { kind: 'conflict', actual: 'expired' };
    }
    assertMayResolve(record, update);
    if (record.status !== update.expectedStatus) return { kind: 'conflict', actual: record.status };
    const plan = planResolution(record, update, now);
    if (!(await this.#write(run, record, Number(row.version), plan))) {
      // Only possible without row locks and outside a write transaction; kept as a safety net.
      const { rows: again } = await run(this.#queries.getApproval({ id }));
      return { kind: 'conflict', actual: (again[0]?.status ?? record.status) as ApprovalRecord['status'] };
    }
    return { kind: 'resolved', record: plan.record };
  }

  /** The compare-and-set of one resolution and its audit entry; `false` when the row moved. */
  async #write(
    run: QueryRunner,
    before: ApprovalRecord,
    version: number,
    plan: ReturnType<typeof planResolution>,
  ): Promise<boolean> {
    const next = plan.record;
    const { numAffectedRows } = await run(
      this.#queries.resolveApproval({
        id: next.id,
        expectedVersion: version,
        expectedStatus: before.status,
        status: next.status,
        resolvedBy: next.resolvedBy,
        resolvedAt: next.resolvedAt,
        resolutionData: next.resolutionData === null ? null : this.#backend.encodeJson(next.resolutionData),
        runStatus: next.runStatus,
        updatedAt: next.updatedAt,
      }),
    );
    if (!numAffectedRows) return false;
    await this.#audit.append(run, [plan.audit]);
    return true;
  }

  async #read(id: string): Promise<ApprovalRecord | null> {
    const { rows } = await this.#backend.execute(this.#queries.getApproval({ id }));
    const row = rows[0];
    return row === undefined ? null : this.#toRecord(row);
  }

  async #page(
    query: ApprovalQuery,
    limit: number,
    after: { createdAt: number; id: string } | null,
  ): Promise<ApprovalPage> {
    const filters = activeApprovalFilters(query);
    const parameters = approvalListParameters(query, filters);
    parameters.limit = limit + 1;
    if (after !== null) {
      parameters.afterCreatedAt = after.createdAt;
      parameters.afterId = after.id;
    }
    const { rows } = await this.#backend.execute(
      this.#queries.listApprovals(filters, after !== null)(parameters),
    );
    // One extra row tells whether another page exists without a count query.
    const items = rows.slice(0, limit).map((row) => this.#toRecord(row));
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > limit && last !== undefined
          ? encodeApprovalCursor({ createdAt: last.createdAt, id: last.id })
          : null,
    };
  }

  #toRecord(row: ApprovalRow): ApprovalRecord {
    return rowToApproval(row, (stored) => this.#backend.decodeJson(stored));
  }
}
