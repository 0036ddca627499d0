import type { ApprovalPage, ApprovalQuery, ApprovalRecord } from '../../approvals/approval-record.js';
import type { AuditEntry } from '../../audit/audit-entry.js';
import { ApprovalNotFoundError } from '../../errors/index.js';
import type { RunStatus } from '../../run/run-document.js';
import {
  type ApprovalResolutionUpdate,
  approvalConflict,
  assertMayResolve,
  compareApprovalsNewestFirst,
  duplicateApprovalError,
  ExpirySchedule,
  encodeApprovalCursor,
  expiryUpdate,
  isPastExpiry,
  matchesApprovalQuery,
  planResolution,
  resolveApprovalQueryBounds,
  unixSeconds,
  validateResolution,
} from '../shared/index.js';
import type { InMemoryAuditLog } from './in-memory-audit-log.js';

/** A stored record and its resolution version, as the SQL `version` column holds it. */
interface StoredApproval {
  record: ApprovalRecord;
  version: number;
}

/**
 * The approval records of `InMemoryDb`, following the SQL backends rule for rule: the same
 * compare-and-set, authority checks, quorum votes, ordering, cursors, lazy expiry and audit
 * entries. Every method runs synchronously from its checks to its last write, which is what makes
 * each one atomic here (the SQL backends use a transaction).
 */
export class InMemoryApprovals {
  readonly #records = new Map<string, StoredApproval>();
  /** Record ids by run id: the records whose `runStatus` follows a run. */
  readonly #byRun = new Map<string, Set<string>>();
  readonly #audit: InMemoryAuditLog;
  readonly #schedule = new ExpirySchedule();

  constructor(audit: InMemoryAuditLog) {
    this.#audit = audit;
  }

  /** Throws the error the SQL backends give when a record id is already stored (or given twice). */
  assertInsertable(runId: string, records: readonly ApprovalRecord[]): void {
    const ids = new Set<string>();
    for (const record of records) {
      if (this.#records.has(record.id) || ids.has(record.id)) {
        throw duplicateApprovalError(runId, records.map((each) => each.id).join(', '));
      }
      ids.add(record.id);
    }
  }

  /** Stores new records (checked by {@link assertInsertable}); JSON fields are stored as JSON gives them back. */
  insert(records: readonly ApprovalRecord[]): void {
    for (const record of records) {
      this.#records.set(record.id, {
        record: JSON.parse(JSON.stringify(record)) as ApprovalRecord,
        version: 1,
      });
      let ids = this.#byRun.get(record.runId);
      if (ids === undefined) {
        ids = new Set();
        this.#byRun.set(record.runId, ids);
      }
      ids.add(record.id);
    }
  }

  /** What the SQL trigger does on a run write that changes the run's status. */
  followRun(runId: string, status: RunStatus, updatedAt: number): void {
    for (const id of this.#byRun.get(runId) ?? []) {
      const stored = this.#records.get(id);
      if (stored === undefined) continue;
      stored.record.runStatus = status;
      stored.record.updatedAt = Math.max(stored.record.updatedAt, updatedAt);
    }
  }

  list(query: ApprovalQuery): ApprovalPage {
    const { limit, after } = resolveApprovalQueryBounds(query);
    const now = unixSeconds();
    if (this.#schedule.take()) this.expire(now);
    const matches: ApprovalRecord[] = [];
    let due = false;
    for (const { record } of this.#records.values()) {
      if (!matchesApprovalQuery(record, query)) continue;
      if (after !== null && compareApprovalsNewestFirst(record, after.createdAt, after.id) <= 0) continue;
      due ||= isPastExpiry(record, now);
      matches.push(record);
    }
    // As in SQL: a record that expired since the last sweep is expired now, and the page read again.
    if (due) {
      this.expire(now);
      return this.list(query);
    }
    matches.sort((left, right) => compareApprovalsNewestFirst(left, right.createdAt, right.id));
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((record) => structuredClone(record)),
      nextCursor:
        matches.length > limit && last !== undefined
          ? encodeApprovalCursor({ createdAt: last.createdAt, id: last.id })
          : null,
    };
  }

  count(query: ApprovalQuery): number {
    const now = unixSeconds();
    let count = 0;
    let due = false;
    for (const { record } of this.#records.values()) {
      if (!matchesApprovalQuery(record, query)) continue;
      due ||= isPastExpiry(record, now);
      count += 1;
    }
    if (!due) return count;
    this.expire(now);
    return this.count(query);
  }

  get(id: string): ApprovalRecord | null {
    const stored = this.#records.get(id);
    if (stored === undefined) return null;
    const now = unixSeconds();
    if (isPastExpiry(stored.record, now))
      this.#write(stored, planResolution(stored.record, expiryUpdate(now), now));
    return structuredClone(stored.record);
  }

  resolve(id: string, update: ApprovalResolutionUpdate): ApprovalRecord {
    validateResolution(id, update);
    const stored = this.#records.get(id);
    if (stored === undefined) throw new ApprovalNotFoundError(id);
    const now = unixSeconds();
    if (update.status !== 'expired' && isPastExpiry(stored.record, now)) {
      this.#write(stored, planResolution(stored.record, expiryUpdate(now), now));
      throw approvalConflict(id, update, 'expired');
    }
    assertMayResolve(stored.record, update);
    if (stored.record.status !== update.expectedStatus)
      throw approvalConflict(id, update, stored.record.status);
    this.#write(stored, planResolution(stored.record, update, now));
    return structuredClone(stored.record);
  }

  expire(now: number): ApprovalRecord[] {
    this.#schedule.swept();
    const due = [...this.#records.values()].filter((stored) => isPastExpiry(stored.record, now));
    const plans = due.map((stored) => planResolution(stored.record, expiryUpdate(now), now));
    const entries = this.#audit.prepare(plans.map((plan) => plan.audit));
    due.forEach((stored, index) => {
      stored.record = (plans[index] as ReturnType<typeof planResolution>).record;
      stored.version += 1;
    });
    this.#audit.commit(entries);
    return due.map((stored) => structuredClone(stored.record));
  }

  /** Stores a planned resolution and its audit entry (the entry is checked before the record changes). */
  #write(stored: StoredApproval, plan: ReturnType<typeof planResolution>): void {
    const entries: AuditEntry[] = this.#audit.prepare([plan.audit]);
    stored.record = JSON.parse(JSON.stringify(plan.record)) as ApprovalRecord;
    stored.version += 1;
    this.#audit.commit(entries);
  }
}
