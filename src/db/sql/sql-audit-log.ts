import { type AuditChainHead, AuditChainVerifier, GENESIS_HASH } from '../../audit/audit-chain.js';
import type { AuditEntry, AuditEntryInput, AuditPage, AuditVerification } from '../../audit/audit-entry.js';
import { chainAuditInputs, MAX_AUDIT_LIMIT, resolveAuditQueryBounds } from '../shared/index.js';
import type { AuditQuery } from '../store.js';
import { type AuditQueries, auditToRow, createAuditQueries, rowToAudit } from './sql-audit-queries.js';
import type { QueryRunner, SqlBackend } from './sql-backend.js';

/**
 * The audit log of {@link SqlStore}: appends inside the caller's transaction (after the chain
 * lock), pages in chain order, and verification in pages. Nothing here updates or deletes a row:
 * the table is append-only, and triggers refuse anything else.
 */
export class SqlAuditLog {
  readonly #backend: SqlBackend;
  readonly #queries: AuditQueries;

  constructor(backend: SqlBackend) {
    this.#backend = backend;
    this.#queries = createAuditQueries(backend.db);
  }

  /**
   * Appends entries inside a transaction: takes the chain lock, reads the head (or takes the one
   * the backend cached from its own last append), inserts the entries linked to it. Call it last
   * in a transaction, so the lock is held for as short a time as possible (on PostgreSQL every
   * appender of the schema queues behind it until commit).
   */
  async append(run: QueryRunner, inputs: readonly AuditEntryInput[]): Promise<AuditEntry[]> {
    if (inputs.length === 0) return [];
    const cached = this.#backend.cachedAuditHead?.();
    if (cached !== undefined) {
      try {
        return await this.#insert(run, inputs, cached);
      } catch (error) {
        // Another connection appended since this one last did: the first entry's seq is taken.
        // Nothing of this append was written (the failed statement alone is undone).
        if (!this.#backend.isUniqueViolation(error)) throw error;
        this.#backend.noteAuditHead?.(undefined);
      }
    }
    const [last] = await this.#backend.readAuditHead(run, this.#queries.head({}));
    const head =
      last === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(last.seq), hash: last.hash };
    return this.#insert(run, inputs, head);
  }

  async #insert(
    run: QueryRunner,
    inputs: readonly AuditEntryInput[],
    head: AuditChainHead,
  ): Promise<AuditEntry[]> {
    const entries = chainAuditInputs(inputs, head);
    const values = entries.map((entry) => auditToRow(entry, (value) => this.#backend.encodeJson(value)));
    if (this.#backend.batchInserts && values.length > 1) {
      await run(this.#queries.insertEntries(values));
    } else {
      for (const value of values) await run(this.#queries.insertEntry(value));
    }
    const last = entries[entries.length - 1];
    if (last !== undefined) this.#backend.noteAuditHead?.({ seq: last.seq, hash: last.hash });
    return entries;
  }

  /** A page of entries in chain order; the cursor is the `seq` of the previous page's last entry. */
  async list(query: AuditQuery): Promise<AuditPage> {
    const { limit, afterSeq } = resolveAuditQueryBounds(query);
    const items = await this.#page({
      afterSeq,
      limit: limit + 1,
      runId: query.runId,
      approvalId: query.approvalId,
    });
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return { items: page, nextCursor: items.length > limit && last !== undefined ? String(last.seq) : null };
  }

  /** Reads the whole chain in pages of {@link MAX_AUDIT_LIMIT} and checks every link and hash. */
  async verify(): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier();
    let afterSeq = 0;
    for (;;) {
      const page = await this.#page({ afterSeq, limit: MAX_AUDIT_LIMIT });
      if (!verifier.add(page)) break;
      const last = page.at(-1);
      if (last === undefined || page.length < MAX_AUDIT_LIMIT) break;
      afterSeq = last.seq;
    }
    return verifier.finish();
  }

  async #page(parameters: {
    afterSeq: number;
    limit: number;
    runId?: string | undefined;
    approvalId?: string | undefined;
  }): Promise<AuditEntry[]> {
    const query = this.#queries.listEntries(
      parameters.runId !== undefined,
      parameters.approvalId !== undefined,
    );
    const { rows } = await this.#backend.execute(
      query({
        afterSeq: parameters.afterSeq,
        limit: parameters.limit,
        ...(parameters.runId === undefined ? {} : { runId: parameters.runId }),
        ...(parameters.approvalId === undefined ? {} : { approvalId: parameters.approvalId }),
      }),
    );
    return rows.map((row) => rowToAudit(row, (stored) => this.#backend.decodeJson(stored)));
  }
}
