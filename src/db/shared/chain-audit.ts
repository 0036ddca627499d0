import { type AuditChainHead, chainAuditEntries } from '../../audit/audit-chain.js';
import type { AuditEntry, AuditEntryInput } from '../../audit/audit-entry.js';
import { ValidationError } from '../../errors/index.js';

/**
 * The next entries of a chain whose head is `head`, as every backend builds them: a value the
 * canonical JSON refuses (a non-finite number, a bigint, a cycle in `data`) is a
 * `ValidationError` naming the entry, thrown before anything is written.
 */
export function chainAuditInputs(inputs: readonly AuditEntryInput[], head: AuditChainHead): AuditEntry[] {
  try {
    return chainAuditEntries(inputs, head);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const index = inputs.findIndex((input) => {
      try {
        chainAuditEntries([input], head);
        return false;
      } catch {
        return true;
      }
    });
    throw new ValidationError(`An audit entry cannot be stored: ${error.message}`, [
      { path: `${Math.max(index, 0)}.data`, message: error.message },
    ]);
  }
}
