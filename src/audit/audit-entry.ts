/**
 * What happened, in `<noun>-<action>` form. The approval lifecycle: `approval-requested`,
 * `approval-confirmed` / `approval-rejected` (a user's decision), `approval-approved` /
 * `approval-denied` (an approver's), `approval-voted` (one vote of a quorum), `approval-expired`,
 * `approval-cancelled`, `approval-audited` (a non-blocking audit record); execution:
 * `tool-executed` (with the digest of the exact arguments), `tool-failed`, `tool-in-doubt`;
 * authority: `access-denied`.
 */
export type AuditAction =
  | 'approval-requested'
  | 'approval-confirmed'
  | 'approval-rejected'
  | 'approval-approved'
  | 'approval-denied'
  | 'approval-voted'
  | 'approval-expired'
  | 'approval-cancelled'
  | 'approval-audited'
  | 'tool-executed'
  | 'tool-failed'
  | 'tool-in-doubt'
  | 'access-denied';

/**
 * An audit entry as the caller hands it to the store (the store assigns the chain fields).
 * `data` must have a canonical JSON form: a non-finite number, a bigint or a cycle in it makes
 * the store refuse the whole write with a `ValidationError`.
 */
export interface AuditEntryInput {
  action: AuditAction;
  /** Who acted: a user id, or `system` (expiry sweeps, the run loop). */
  actor: string;
  actorRoles?: string[];
  runId?: string;
  approvalId?: string;
  toolName?: string;
  toolCallId?: string;
  /** SHA-256 (hex) of the canonical JSON of the arguments concerned. */
  argsDigest?: string;
  /** Anything else worth keeping for the life of the product: reason, both argument versions, result digest. */
  data?: Record<string, unknown>;
  /** Unix milliseconds; the store fills it when absent. */
  at?: number;
}

/**
 * One entry of the append-only audit log. `hash` is SHA-256 (hex) over `prevHash` and the
 * canonical JSON of the entry's other fields, so altering, deleting or reordering any entry
 * breaks the chain from there on (`verifyAuditLog`).
 *
 * Precisely: `sha256_hex(canonicalJson({ seq, id, at, action, actor, actorRoles, runId,
 * approvalId, toolName, toolCallId, argsDigest, data, prevHash }))`, absent fields left out
 * (`hashAuditEntry` in `audit-chain.ts`; docs/architecture/audit-log.md). No store method updates
 * or deletes an entry.
 */
export interface AuditEntry extends AuditEntryInput {
  /** Position in the chain, 1-based, without gaps. */
  seq: number;
  id: string;
  at: number;
  /** The previous entry's hash (64 zeros for the first entry). */
  prevHash: string;
  hash: string;
}

/** The outcome of checking the whole chain. */
export interface AuditVerification {
  ok: boolean;
  /** Entries checked. */
  checked: number;
  /** The last good hash (the chain head when `ok`). */
  headHash: string;
  /** Where the chain first breaks, when it does. */
  firstInvalid?: { seq: number; reason: 'altered' | 'missing' | 'reordered' | 'broken-link' };
}

/** A page of audit entries in chain order. */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}
