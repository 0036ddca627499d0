import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEntry, verifyAuditChain } from '../../audit/audit-chain.js';
import type { AuditEntry, AuditEntryInput } from '../../audit/audit-entry.js';
import { exportAuditJsonl } from '../../audit/export-audit.js';
import type { Store } from '../../db/store.js';
import { InvalidCursorError, ValidationError } from '../../errors/index.js';

/**
 * Raw access to a backend's stored audit entries, bypassing the store, so the suite can check that
 * `verifyAuditLog` notices tampering. SQL backends implement it with SQL (dropping the triggers
 * that refuse updates and deletes first, as an attacker with database access would).
 */
export interface AuditTamperer {
  /** Overwrites every field of the stored entry at `seq` except its position. */
  replace(store: Store, seq: number, fields: Omit<AuditEntry, 'seq'>): Promise<void>;
  /** Deletes the stored entry at `seq`. */
  remove(store: Store, seq: number): Promise<void>;
}

function entry(index: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    action: 'tool-executed',
    actor: `user-${index % 3}`,
    actorRoles: ['ops', 'ünïcödé'],
    runId: `run_${index % 2}`,
    approvalId: `apr_${index}`,
    toolName: 'restart_service',
    toolCallId: `call_${index}`,
    argsDigest: 'b'.repeat(64),
    data: { z: index, a: { nested: [1, 2.5, null, 'ça va'], b: true }, m: 'x'.repeat(index) },
    at: 1_700_000_000_000 + index,
    ...overrides,
  };
}

/** Registers the audit-log cases: append, list, verify, concurrent appenders, tamper detection. */
export function describeAuditCases(
  currentStore: () => Store,
  concurrentWriters: number,
  tamperer: AuditTamperer | undefined,
): void {
  describe('audit log', () => {
    it('appends a hash chain and lists it in order, by page and by run or record', async () => {
      const store = currentStore();
      expect(await store.verifyAuditLog()).toEqual({ ok: true, checked: 0, headHash: GENESIS_HASH });
      await store.appendAudit([
        entry(1),
        entry(2, { data: undefined, actorRoles: undefined, runId: undefined }),
      ]);
      await store.appendAudit([]);
      await store.appendAudit([entry(3), entry(4, { at: undefined })]);
      const { items, nextCursor } = await store.listAudit();
      expect(nextCursor).toBeNull();
      expect(items.map((item) => item.seq)).toEqual([1, 2, 3, 4]);
      expect(items[0]).toEqual({
        ...entry(1),
        seq: 1,
        id: expect.any(String),
        prevHash: GENESIS_HASH,
        hash: expect.any(String),
      });
      expect(items[1]).not.toHaveProperty('data');
      expect(items[1]).not.toHaveProperty('runId');
      expect(items[3]?.at).toBeGreaterThan(1_700_000_000_000);
      let previous = GENESIS_HASH;
      for (const item of items) {
        expect(item.prevHash).toBe(previous);
        expect(hashAuditEntry(item, item.prevHash)).toBe(item.hash);
        previous = item.hash;
      }
      expect(await store.verifyAuditLog()).toEqual({ ok: true, checked: 4, headHash: previous });

      const first = await store.listAudit({ limit: 3 });
      expect(first.items.map((item) => item.seq)).toEqual([1, 2, 3]);
      expect(first.nextCursor).toBe('3');
      expect((await store.listAudit({ cursor: '3' })).items.map((item) => item.seq)).toEqual([4]);
      expect((await store.listAudit({ runId: 'run_1' })).items.map((item) => item.seq)).toEqual([1, 3]);
      expect((await store.listAudit({ approvalId: 'apr_4' })).items.map((item) => item.seq)).toEqual([4]);
      const byRun = await store.listAudit({ runId: 'run_1', limit: 1 });
      expect(byRun.nextCursor).toBe('1');
      expect((await store.listAudit({ runId: 'run_1', cursor: '1' })).items.map((item) => item.seq)).toEqual([
        3,
      ]);
      for (const limit of [0, 1_001, 2.5]) {
        await expect(store.listAudit({ limit })).rejects.toBeInstanceOf(ValidationError);
      }
      for (const cursor of ['abc', '-1', '1.5', '01', '']) {
        await expect(store.listAudit({ cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }

      const lines: string[] = [];
      for await (const line of exportAuditJsonl(store, { pageSize: 3 })) lines.push(line);
      expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
      const exported = lines.map((line) => JSON.parse(line) as AuditEntry);
      expect(exported).toEqual(items);
      expect(verifyAuditChain(exported)).toEqual({ ok: true, checked: 4, headHash: previous });
    });

    it('refuses data that has no canonical JSON, writing nothing', async () => {
      const store = currentStore();
      await expect(
        store.appendAudit([entry(1), entry(2, { data: { amount: Number.NaN } })]),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await store.listAudit()).items).toEqual([]);
    });

    it(`keeps one chain under ${concurrentWriters} concurrent appenders`, async () => {
      const store = currentStore();
      await Promise.all(
        Array.from({ length: concurrentWriters }, (_, writer) =>
          store.appendAudit([entry(writer * 3), entry(writer * 3 + 1), entry(writer * 3 + 2)]),
        ),
      );
      const verification = await store.verifyAuditLog();
      expect(verification).toMatchObject({ ok: true, checked: concurrentWriters * 3 });
      const items = (await store.listAudit({ limit: 1_000 })).items;
      expect(items.map((item) => item.seq)).toEqual(
        Array.from({ length: concurrentWriters * 3 }, (_, index) => index + 1),
      );
      expect(verification.headHash).toBe(items.at(-1)?.hash);
    });

    it('verifies a chain longer than one page', async () => {
      const store = currentStore();
      for (let batch = 0; batch < 5; batch += 1) {
        await store.appendAudit(
          Array.from({ length: 250 }, (_, index) => entry(batch * 250 + index, { data: { index } })),
        );
      }
      expect(await store.verifyAuditLog()).toMatchObject({ ok: true, checked: 1_250 });
    });

    describe.skipIf(tamperer === undefined)('tampering', () => {
      const tamper = tamperer as AuditTamperer;

      async function chainOf(store: Store, length: number): Promise<AuditEntry[]> {
        await store.appendAudit(Array.from({ length }, (_, index) => entry(index)));
        return (await store.listAudit({ limit: 1_000 })).items;
      }

      it('detects an altered entry', async () => {
        const store = currentStore();
        const items = await chainOf(store, 6);
        const { seq: _seq, ...fields } = items[2] as AuditEntry;
        await tamper.replace(store, 3, { ...fields, actor: 'someone-else' });
        expect(await store.verifyAuditLog()).toEqual({
          ok: false,
          checked: 2,
          headHash: items[1]?.hash,
          firstInvalid: { seq: 3, reason: 'altered' },
        });
      });

      it('detects an altered entry whose hash was recomputed, at the next link', async () => {
        const store = currentStore();
        const items = await chainOf(store, 6);
        const altered = { ...(items[2] as AuditEntry), data: { amount: 1 } };
        altered.hash = hashAuditEntry(altered, altered.prevHash);
        const { seq: _seq, ...fields } = altered;
        await tamper.replace(store, 3, fields);
        expect(await store.verifyAuditLog()).toMatchObject({
          ok: false,
          checked: 3,
          firstInvalid: { seq: 4, reason: 'broken-link' },
        });
      });

      it('detects a deleted entry', async () => {
        const store = currentStore();
        await chainOf(store, 6);
        await tamper.remove(store, 4);
        expect(await store.verifyAuditLog()).toMatchObject({
          ok: false,
          checked: 3,
          firstInvalid: { seq: 4, reason: 'missing' },
        });
      });

      it('detects reordered entries', async () => {
        const store = currentStore();
        const items = await chainOf(store, 6);
        const { seq: _three, ...third } = items[2] as AuditEntry;
        const { seq: _four, ...fourth } = items[3] as AuditEntry;
        await tamper.replace(store, 3, fourth);
        await tamper.replace(store, 4, third);
        expect(await store.verifyAuditLog()).toMatchObject({
          ok: false,
          checked: 2,
          firstInvalid: { seq: 3, reason: 'reordered' },
        });
      });
    });
  });
}
