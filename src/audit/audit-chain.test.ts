import { describe, expect, it } from 'vitest';
import {
  AuditChainVerifier,
  chainAuditEntries,
  GENESIS_HASH,
  HASHED_FIELDS,
  hashAuditEntry,
  verifyAuditChain,
} from './audit-chain.js';
import type { AuditEntry, AuditEntryInput } from './audit-entry.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';

function inputs(count: number): AuditEntryInput[] {
  return Array.from({ length: count }, (_, index) => ({
    action: 'tool-executed',
    actor: `user-${index}`,
    runId: 'run_1',
    data: { index, b: [1, 'two'], a: null },
    at: 1_700_000_000_000 + index,
  }));
}

function chain(count: number): AuditEntry[] {
  return chainAuditEntries(inputs(count), { seq: 0, hash: GENESIS_HASH });
}

describe('the audit chain', () => {
  it('hashes the canonical JSON of the entry and its predecessor, linking from 64 zeros', () => {
    const entries = chain(3);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const first = entries[0] as AuditEntry;
    const { hash, ...rest } = first;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(entries[1]?.prevHash).toBe(hash);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, checked: 3, headHash: entries[2]?.hash });
  });

  it('hashes every field as canonical JSON does, whichever fields an entry has', () => {
    expect([...HASHED_FIELDS]).toEqual([...HASHED_FIELDS].sort());
    const full: AuditEntryInput = {
      action: 'approval-approved',
      actor: 'ada',
      actorRoles: ['finance', 'admin'],
      runId: 'run_9',
      approvalId: 'apr_9',
      toolName: 'refund',
      toolCallId: 'call_9',
      argsDigest: 'f'.repeat(64),
      data: { z: [1, { y: 'é', x: null }], a: 'line\nbreak' },
      at: 1_700_000_000_123,
    };
    const sparse: AuditEntryInput = { action: 'tool-executed', actor: 'system' };
    for (const entry of chainAuditEntries([full, sparse], { seq: 41, hash: 'a'.repeat(64) })) {
      const { hash, ...rest } = entry;
      expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    }
  });

  it('continues a chain from its head, and fills `at` when absent', () => {
    const first = chain(2);
    const head = first[1] as AuditEntry;
    const next = chainAuditEntries([{ action: 'approval-expired', actor: 'system' }], head, 42);
    expect(next[0]).toMatchObject({ seq: 3, prevHash: head.hash, at: 42 });
    expect(verifyAuditChain([...first, ...next]).ok).toBe(true);
  });

  it('verifies the same whatever the key order of stored data (jsonb reorders keys)', () => {
    const entries = chain(2).map((entry) => ({
      ...entry,
      data: Object.fromEntries(Object.entries(entry.data ?? {}).reverse()),
    }));
    expect(verifyAuditChain(entries).ok).toBe(true);
  });

  it('reports an altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...(entries[2] as AuditEntry), actor: 'mallory' };
    expect(verifyAuditChain(entries)).toEqual({
      ok: false,
      checked: 2,
      headHash: entries[1]?.hash,
      firstInvalid: { seq: 3, reason: 'altered' },
    });
  });

  it('reports an altered and re-hashed entry at the link after it', () => {
    const entries = chain(5);
    const altered = { ...(entries[2] as AuditEntry), actor: 'mallory' };
    altered.hash = hashAuditEntry(altered, altered.prevHash);
    entries[2] = altered;
    expect(verifyAuditChain(entries).firstInvalid).toEqual({ seq: 4, reason: 'broken-link' });
  });

  it('reports deleted entries, also when the rest was renumbered', () => {
    const entries = chain(6);
    expect(verifyAuditChain(entries.filter((entry) => entry.seq !== 3)).firstInvalid).toEqual({
      seq: 3,
      reason: 'missing',
    });
    const renumbered = entries
      .filter((entry) => entry.seq !== 3)
      .map((entry) => (entry.seq > 3 ? { ...entry, seq: entry.seq - 1 } : entry));
    expect(verifyAuditChain(renumbered).firstInvalid).toEqual({ seq: 3, reason: 'missing' });
    expect(verifyAuditChain(chain(3).slice(1)).firstInvalid).toEqual({ seq: 1, reason: 'missing' });
  });

  it('reports entries out of order, given out of order or moved to another position', () => {
    const entries = chain(6);
    const [a, b, c, d, e, f] = entries as [
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
    ];
    expect(verifyAuditChain([a, b, d, c, e, f]).firstInvalid).toEqual({ seq: 3, reason: 'reordered' });
    expect(verifyAuditChain([a, b, c, c, d]).firstInvalid).toEqual({ seq: 4, reason: 'reordered' });
    // Contents swapped between positions 3 and 4, each keeping the position (the row's key).
    const swapped = [a, b, { ...d, seq: 3 }, { ...c, seq: 4 }, e, f];
    expect(verifyAuditChain(swapped).firstInvalid).toEqual({ seq: 3, reason: 'reordered' });
    // An entry moved back from further ahead.
    const movedBack = [a, b, c, { ...f, seq: 4 }];
    expect(verifyAuditChain(movedBack).firstInvalid).toEqual({ seq: 4, reason: 'missing' });
    const earlier = [a, { ...a, seq: 2 }];
    expect(verifyAuditChain(earlier).firstInvalid).toEqual({ seq: 2, reason: 'reordered' });
  });

  it('checks a chain in pages with the incremental verifier', () => {
    const entries = chain(10);
    const verifier = new AuditChainVerifier();
    for (let start = 0; start < entries.length; start += 3) {
      expect(verifier.add(entries.slice(start, start + 3))).toBe(true);
    }
    expect(verifier.finish()).toEqual({ ok: true, checked: 10, headHash: entries[9]?.hash });
    const broken = new AuditChainVerifier();
    expect(broken.add([{ ...(entries[0] as AuditEntry), actor: 'x' }])).toBe(false);
    expect(broken.add(entries.slice(1))).toBe(false);
    expect(broken.finish()).toMatchObject({ ok: false, checked: 0, headHash: GENESIS_HASH });
  });

  it('keeps what the store stores equal to what it hashed', () => {
    const [entry] = chainAuditEntries(
      [
        {
          action: 'tool-executed',
          actor: 'u',
          data: { when: new Date(0), skip: undefined, list: [undefined] },
        },
      ],
      { seq: 0, hash: GENESIS_HASH },
    );
    expect(entry?.data).toEqual({ when: '1970-01-01T00:00:00.000Z', list: [null] });
    expect(verifyAuditChain([JSON.parse(JSON.stringify(entry)) as AuditEntry]).ok).toBe(true);
    expect(() =>
      chainAuditEntries([{ action: 'tool-executed', actor: 'u', data: { x: Number.NaN } }], {
        seq: 0,
        hash: GENESIS_HASH,
      }),
    ).toThrow(TypeError);
  });
});
