import { AuditChainVerifier, GENESIS_HASH } from '../../audit/audit-chain.js';
import type { AuditEntry, AuditEntryInput, AuditPage, AuditVerification } from '../../audit/audit-entry.js';
import { chainAuditInputs, resolveAuditQueryBounds } from '../shared/index.js';
import type { AuditQuery } from '../store.js';

/**
 * The audit log of `InMemoryDb`: an array in chain order. Appends are split into `prepare`
 * (builds and checks the entries against the current head, changes nothing) and `commit`, so a
 * store method can check everything it will write before writing any of it; both run in the
 * same synchronous stretch of code, so no other append slips between them.
 */
export class InMemoryAuditLog {
  /** The stored entries in `seq` order. Test suites reach them to tamper with the chain. */
  readonly entries: AuditEntry[] = [];

  /** The entries that `inputs` would become, appended now; throws `ValidationError` for bad data. */
  prepare(inputs: readonly AuditEntryInput[]): AuditEntry[] {
    if (inputs.length === 0) return [];
    const last = this.entries.at(-1);
    return chainAuditInputs(inputs, last === undefined ? { seq: 0, hash: GENESIS_HASH } : last);
  }

  /** Stores prepared entries; call it in the same synchronous stretch as {@link prepare}. */
  commit(entries: readonly AuditEntry[]): void {
    for (const entry of entries) this.entries.push(structuredClone(entry));
  }

  list(query: AuditQuery): AuditPage {
    const { limit, afterSeq } = resolveAuditQueryBounds(query);
    const matches: AuditEntry[] = [];
    for (const entry of this.entries) {
      if (entry.seq <= afterSeq) continue;
      if (query.runId !== undefined && entry.runId !== query.runId) continue;
      if (query.approvalId !== undefined && entry.approvalId !== query.approvalId) continue;
      matches.push(entry);
      if (matches.length > limit) break;
    }
    const page = matches.slice(0, limit).map((entry) => structuredClone(entry));
    const last = page.at(-1);
    return {
      items: page,
      nextCursor: matches.length > limit && last !== undefined ? String(last.seq) : null,
    };
  }

  verify(): AuditVerification {
    const verifier = new AuditChainVerifier();
    verifier.add(this.entries);
    return verifier.finish();
  }
}
