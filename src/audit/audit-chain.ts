import { timeOrderedId } from '../ids/index.js';
import type { AuditEntry, AuditEntryInput, AuditVerification } from './audit-entry.js';
import { canonicalJson, canonicalJsonOfFields, sha256Hex } from './canonical-json.js';

/** The `prevHash` of the first entry of every chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** How far from its position a moved entry is still recognised as moved (`reordered`), each way. */
const MOVED_ENTRY_SEARCH = 1_000;

/** The fields of an entry that its hash covers: all of them but the hash itself. */
export type HashableAuditEntry = Omit<AuditEntry, 'hash' | 'prevHash'> & { prevHash?: string };

/** The head of a chain: the last entry's position and hash (`0` and {@link GENESIS_HASH} when empty). */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/**
 * The hash of one audit entry: SHA-256 (hex) of the canonical JSON of `{ seq, id, at, action,
 * actor, actorRoles, runId, approvalId, toolName, toolCallId, argsDigest, data, prevHash }`,
 * with `prevHash` the previous entry's hash. Absent fields are left out, so a field stored as
 * `NULL` and read back as absent hashes the same.
 *
 * @param entry The entry without its hash (a `prevHash` field on it is ignored).
 * @param prevHash The previous entry's hash, {@link GENESIS_HASH} for the first entry.
 */
export function hashAuditEntry(entry: HashableAuditEntry, prevHash: string): string {
  return sha256Hex(
    canonicalJsonOfFields(
      {
        seq: entry.seq,
        id: entry.id,
        at: entry.at,
        action: entry.action,
        actor: entry.actor,
        actorRoles: entry.actorRoles,
        runId: entry.runId,
        approvalId: entry.approvalId,
        toolName: entry.toolName,
        toolCallId: entry.toolCallId,
        argsDigest: entry.argsDigest,
        data: entry.data,
        prevHash,
      },
      HASHED_FIELDS,
    ),
  );
}

/** The fields {@link hashAuditEntry} covers, in canonical (UTF-16 code unit) order. */
export const HASHED_FIELDS = [
  'action',
  'actor',
  'actorRoles',
  'approvalId',
  'argsDigest',
  'at',
  'data',
  'id',
  'prevHash',
  'runId',
  'seq',
  'toolCallId',
  'toolName',
] as const;

/**
 * Turns inputs into the next entries of a chain whose head is `head`: positions, ids, times
 * (`at` defaults to `now`), links and hashes. `data` goes through canonical JSON first, so what a
 * store keeps (and gives back) is exactly what was hashed; a non-finite number in it is a
 * `TypeError` before anything is written.
 */
export function chainAuditEntries(
  inputs: readonly AuditEntryInput[],
  head: AuditChainHead,
  now: number = Date.now(),
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let { seq, hash: prevHash } = head;
  for (const input of inputs) {
    seq += 1;
    const entry: AuditEntry = {
      seq,
      id: `aud_${timeOrderedId()}`,
      at: input.at ?? now,
      action: input.action,
      actor: input.actor,
      prevHash,
      hash: '',
    };
    if (input.actorRoles !== undefined) entry.actorRoles = [...input.actorRoles];
    if (input.runId !== undefined) entry.runId = input.runId;
    if (input.approvalId !== undefined) entry.approvalId = input.approvalId;
    if (input.toolName !== undefined) entry.toolName = input.toolName;
    if (input.toolCallId !== undefined) entry.toolCallId = input.toolCallId;
    if (input.argsDigest !== undefined) entry.argsDigest = input.argsDigest;
    if (input.data !== undefined)
      entry.data = JSON.parse(canonicalJson(input.data)) as Record<string, unknown>;
    entry.hash = hashAuditEntry(entry, prevHash);
    prevHash = entry.hash;
    entries.push(entry);
  }
  return entries;
}

/**
 * Checks a chain incrementally, an entry at a time in `seq` order, so a store can verify a log
 * of any length in pages. It stops at the first entry that breaks the chain.
 *
 * @example
 * ```ts
 * const verifier = new AuditChainVerifier();
 * for (const page of pages) if (!verifier.add(page)) break;
 * const verification = verifier.finish();
 * ```
 */
export class AuditChainVerifier {
  #checked = 0;
  #head: AuditChainHead = { seq: 0, hash: GENESIS_HASH };
  #invalid: AuditVerification['firstInvalid'];
  /**
   * A break whose reason the next entry decides: an entry found before its place was either
   * swapped with the one after it (`reordered`) or follows a deletion (`missing`).
   */
  #pending: { seq: number; decide(next: AuditEntry): 'reordered' | 'missing' } | undefined;

  /** Checks the next entries; returns `false` once the chain is known to be broken. */
  add(entries: Iterable<AuditEntry>): boolean {
    for (const entry of entries) {
      if (this.#invalid !== undefined) return false;
      this.#check(entry);
    }
    return this.#invalid === undefined;
  }

  /** The outcome over every entry added so far, treating the last one as the end of the log. */
  finish(): AuditVerification {
    if (this.#pending !== undefined) {
      this.#invalid = { seq: this.#pending.seq, reason: 'missing' };
      this.#pending = undefined;
    }
    const verification: AuditVerification = {
      ok: this.#invalid === undefined,
      checked: this.#checked,
      headHash: this.#head.hash,
    };
    if (this.#invalid !== undefined) verification.firstInvalid = { ...this.#invalid };
    return verification;
  }

  #check(entry: AuditEntry): void {
    const position = this.#head.seq + 1;
    if (this.#pending !== undefined) {
      this.#invalid = { seq: this.#pending.seq, reason: this.#pending.decide(entry) };
      this.#pending = undefined;
      return;
    }
    if (entry.seq < position) {
      this.#invalid = { seq: position, reason: 'reordered' };
      return;
    }
    if (entry.seq > position) {
      // A gap, unless the entries skipped over come right after (given out of order).
      const found = entry.seq;
      this.#pending = { seq: position, decide: (next) => (next.seq < found ? 'reordered' : 'missing') };
      return;
    }
    if (hashAuditEntry(entry, entry.prevHash) !== entry.hash) {
      const writtenAt = findWrittenPosition(entry);
      if (writtenAt === undefined) this.#invalid = { seq: position, reason: 'altered' };
      else if (writtenAt < position) this.#invalid = { seq: position, reason: 'reordered' };
      else {
        // Written later than its place: swapped with the entry it links to when that one comes
        // next; otherwise the entries before it were deleted and the rest renumbered.
        const linksTo = entry.prevHash;
        this.#pending = {
          seq: position,
          decide: (next) => (next.hash === linksTo ? 'reordered' : 'missing'),
        };
      }
      return;
    }
    if (entry.prevHash !== this.#head.hash) {
      this.#invalid = { seq: position, reason: 'broken-link' };
      return;
    }
    this.#head = { seq: entry.seq, hash: entry.hash };
    this.#checked += 1;
  }
}

/**
 * Verifies a whole chain given in `seq` order: the first entry whose hash does not match its
 * contents (`altered`), whose `prevHash` is not the previous entry's hash (`broken-link`), a gap
 * in `seq` (`missing`), or an entry out of its place (`reordered`).
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>): AuditVerification {
  const verifier = new AuditChainVerifier();
  verifier.add(entries);
  return verifier.finish();
}

/**
 * The position an entry whose hash does not match was written at, when it was only moved: its
 * hash matches its contents at another `seq` near the one it holds now.
 */
function findWrittenPosition(entry: AuditEntry): number | undefined {
  for (let distance = 1; distance <= MOVED_ENTRY_SEARCH; distance += 1) {
    for (const seq of [entry.seq + distance, entry.seq - distance]) {
      if (seq >= 1 && hashAuditEntry({ ...entry, seq }, entry.prevHash) === entry.hash) return seq;
    }
  }
  return undefined;
}
