import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApprovalQuery, ApprovalRecord } from '../../approvals/approval-record.js';
import type { Store } from '../../db/store.js';
import { InvalidCursorError, RunConflictError, StorageError, ValidationError } from '../../errors/index.js';
import type { RunDocument } from '../../run/run-document.js';
import { makeApprovalRecord } from './make-approval-record.js';
import { makeRunDocument } from './make-run-document.js';

const lease = { owner: 'instance-a', until: 1_900_000_000_000 };

/** A paused run with its records and their `approval-requested` entries, written as one pause. */
export async function pauseWithRecords(
  store: Store,
  overrides: Array<Partial<ApprovalRecord>> = [{}],
  document: RunDocument = makeRunDocument(),
): Promise<{ document: RunDocument; records: ApprovalRecord[]; version: number }> {
  const records = overrides.map((override) => makeApprovalRecord(document, override));
  const version = await store.saveRun(document, {
    expectedVersion: null,
    approvals: records,
    audit: records.map((record) => ({
      action: 'approval-requested' as const,
      actor: document.userId ?? 'system',
      runId: record.runId,
      approvalId: record.id,
      toolName: record.toolName,
      toolCallId: record.toolCallId,
      argsDigest: record.argsDigest,
      data: { type: record.type, quorum: record.quorum },
    })),
  });
  return { document, records, version };
}

/** Registers the approval-record cases: the pause transaction, listings, counts, `runStatus`. */
export function describeApprovalCases(currentStore: () => Store): void {
  describe('approval records', () => {
    it('stores a pause (run, records, audit entries) in one write and reads the records back unchanged', async () => {
      const store = currentStore();
      const { document, records } = await pauseWithRecords(store, [
        { toolArgs: { amount: 12.5, notes: ['ünïcödé ✓', { nested: [1, null, 'x'] }] } },
        { toolCallId: 'call_2', approverRole: 'finance', quorum: 2, expiresAt: 4_000_000_000 },
      ]);
      expect(await store.getRun(document.runId)).toMatchObject({ version: 1 });
      for (const record of records) expect(await store.getApproval(record.id)).toEqual(record);
      expect(await store.getApproval(`apr_${randomUUID()}`)).toBeNull();
      const audit = await store.listAudit();
      expect(audit.items.map((entry) => [entry.action, entry.approvalId])).toEqual(
        records.map((record) => ['approval-requested', record.id]),
      );
    });

    it('writes nothing of a pause whose records violate a constraint', async () => {
      const store = currentStore();
      const { records: stored } = await pauseWithRecords(store);
      const taken = stored[0] as ApprovalRecord;
      const before = (await store.listAudit()).items.length;

      const document = makeRunDocument();
      const fresh = makeApprovalRecord(document);
      const duplicate = { ...makeApprovalRecord(document), id: taken.id };
      const error = await store
        .saveRun(document, {
          expectedVersion: null,
          approvals: [fresh, duplicate],
          audit: [{ action: 'approval-requested', actor: 'user-ü', approvalId: fresh.id }],
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageError);
      expect(await store.getRun(document.runId)).toBeNull();
      expect(await store.getApproval(fresh.id)).toBeNull();
      expect(await store.getApproval(taken.id)).toEqual(taken);
      expect((await store.listAudit()).items).toHaveLength(before);

      // The same id twice in one pause, and a record of another run, fail the same way.
      const twice = makeApprovalRecord(document);
      await expect(
        store.saveRun(document, { expectedVersion: null, approvals: [twice, { ...twice }] }),
      ).rejects.toBeInstanceOf(StorageError);
      const foreign = makeApprovalRecord(makeRunDocument());
      await expect(
        store.saveRun(document, { expectedVersion: null, approvals: [foreign] }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(await store.getRun(document.runId)).toBeNull();
      expect(await store.countApprovals()).toBe(1);
    });

    it('writes nothing of a pause whose run write loses its compare-and-set', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const record = makeApprovalRecord(document);
      const error = await store
        .saveRun(document, {
          expectedVersion: 7,
          approvals: [record],
          audit: [{ action: 'approval-requested', actor: 'user-ü', approvalId: record.id }],
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RunConflictError);
      expect(await store.getApproval(record.id)).toBeNull();
      expect((await store.listAudit()).items).toEqual([]);
      // A duplicate record on an update leaves the run at its version.
      await pauseWithRecords(store, [{ id: 'apr_taken' }]);
      await expect(
        store.saveRun(
          { ...document, status: 'paused' },
          { expectedVersion: 1, approvals: [makeApprovalRecord(document, { id: 'apr_taken' })] },
        ),
      ).rejects.toBeInstanceOf(StorageError);
      expect((await store.getRun(document.runId))?.version).toBe(1);
    });

    it('filters by every field, newest first with the id as tie-breaker, and counts the same', async () => {
      const store = currentStore();
      const base = 1_800_000_000;
      const team = makeRunDocument({ teamId: 'team-1', agentId: 'agent-b', sessionId: 's-2', userId: 'u-2' });
      const solo = makeRunDocument({ agentId: 'agent-a', sessionId: 's-1', userId: 'u-1' });
      await pauseWithRecords(
        store,
        [
          { id: 'apr_a', createdAt: base },
          { id: 'apr_b', createdAt: base + 10, approverRole: 'finance', type: 'audit' },
          { id: 'apr_c', createdAt: base + 10, requirementKind: 'user_input', approverRole: 'finance' },
        ],
        solo,
      );
      await pauseWithRecords(
        store,
        [
          { id: 'apr_d', createdAt: base + 5, approverRole: 'finance' },
          { id: 'apr_e', createdAt: base + 20, requirementKind: 'external_execution' },
        ],
        team,
      );
      await store.updateApproval('apr_d', {
        expectedStatus: 'pending',
        status: 'rejected',
        resolvedBy: 'admin',
      });
      const ids = async (query: ApprovalQuery) =>
        (await store.getApprovals(query)).items.map((record) => record.id.slice(-1)).join('');
      const cases: Array<[ApprovalQuery, string]> = [
        [{}, 'ecbda'],
        [{ status: 'pending' }, 'ecba'],
        [{ status: 'rejected' }, 'd'],
        [{ type: 'audit' }, 'b'],
        [{ requirementKind: 'user_input' }, 'c'],
        [{ approverRole: 'finance' }, 'cbd'],
        [{ approverRole: 'finance', status: 'pending' }, 'cb'],
        [{ agentId: 'agent-a' }, 'cba'],
        [{ teamId: 'team-1' }, 'ed'],
        [{ runId: team.runId }, 'ed'],
        [{ sessionId: 's-1' }, 'cba'],
        [{ requestedBy: 'u-2' }, 'ed'],
        [{ requestedBy: 'nobody' }, ''],
      ];
      for (const [query, expected] of cases) {
        expect(await ids(query), JSON.stringify(query)).toBe(expected);
        expect(await store.countApprovals(query), JSON.stringify(query)).toBe(expected.length);
      }
      const first = await store.getApprovals({ limit: 2 });
      expect(first.items.map((record) => record.id)).toEqual(['apr_e', 'apr_c']);
      const second = await store.getApprovals({ limit: 2, cursor: first.nextCursor ?? '' });
      expect(second.items.map((record) => record.id)).toEqual(['apr_b', 'apr_d']);
      const third = await store.getApprovals({ limit: 2, cursor: second.nextCursor ?? '' });
      expect(third).toEqual({ items: [expect.objectContaining({ id: 'apr_a' })], nextCursor: null });
    });

    it('checks limits and cursors', async () => {
      const store = currentStore();
      for (const limit of [0, 501, 1.5]) {
        await expect(store.getApprovals({ limit })).rejects.toBeInstanceOf(ValidationError);
      }
      const runsCursor = Buffer.from(JSON.stringify([1_800_000_000, 'run_1'])).toString('base64url');
      for (const cursor of ['not a cursor', 'bm9wZQ', runsCursor]) {
        const error = await store.getApprovals({ cursor }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(InvalidCursorError);
        expect((error as Error).message).toContain('getApprovals');
      }
      expect(await store.getApprovals({ limit: 500 })).toEqual({ items: [], nextCursor: null });
    });

    it('pages through 90 records with inserts between pages, without repeats or skips', async () => {
      const store = currentStore();
      const base = 1_800_000_000;
      const expected: string[] = [];
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const records = Array.from({ length: 90 }, (_, index) => {
        // Three records a second, so ties on createdAt cross page boundaries.
        const id = `apr_${String(index).padStart(3, '0')}`;
        expected.unshift(id);
        return makeApprovalRecord(document, { id, createdAt: base + Math.floor(index / 3) });
      });
      await store.saveRun(document, { expectedVersion: 1, approvals: records });
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page += 1) {
        const result = await store.getApprovals({
          status: 'pending',
          limit: 20,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...result.items.map((record) => record.id));
        // Newer records arrive while the caller pages, concurrently with the next read.
        await Promise.all([
          pauseWithRecords(store, [{ id: `apr_new_${page}`, createdAt: base + 1_000 + page }]),
          store.getApprovals({ status: 'pending', limit: 1 }),
        ]);
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(expected);
    });

    it('keeps each record’s runStatus in step with every run write and claim', async () => {
      const store = currentStore();
      const { document, records } = await pauseWithRecords(
        store,
        [{}, { toolCallId: 'call_2' }],
        makeRunDocument(),
      );
      const runStatuses = async () =>
        Promise.all(records.map(async (record) => (await store.getApproval(record.id))?.runStatus));
      expect(await runStatuses()).toEqual(['paused', 'paused']);
      const claimed = await store.claimRun(document.runId, {
        expectedVersion: 1,
        lease,
        updatedAt: document.updatedAt + 5,
      });
      expect(await runStatuses()).toEqual(['running', 'running']);
      expect((await store.getApproval(records[0]?.id ?? ''))?.updatedAt).toBe(document.updatedAt + 5);
      // Paused again with a new record: old and new records follow the run.
      const again = makeApprovalRecord(document, { toolCallId: 'call_3', runStatus: 'running' });
      await store.saveRun(
        { ...document, status: 'paused', updatedAt: document.updatedAt + 9 },
        { expectedVersion: claimed.version, approvals: [again] },
      );
      records.push(again);
      expect(await runStatuses()).toEqual(['paused', 'paused', 'paused']);
      await store.claimRun(document.runId, { expectedVersion: claimed.version + 1, lease, updatedAt: 1 });
      await store.saveRun(
        { ...document, status: 'completed', updatedAt: document.updatedAt + 20 },
        { expectedVersion: claimed.version + 2, lease: null },
      );
      expect(await runStatuses()).toEqual(['completed', 'completed', 'completed']);
      expect(
        (await store.getApprovals({ runId: document.runId })).items.map((record) => record.runStatus),
      ).toEqual(['completed', 'completed', 'completed']);
      // A run without records is written as before.
      const plain = makeRunDocument();
      await store.saveRun(plain, { expectedVersion: null });
      expect(await store.saveRun({ ...plain, status: 'completed' }, { expectedVersion: 1 })).toBe(2);
    });

    it('appends the audit entries of a claim in the claim, and none for a lost claim', async () => {
      const store = currentStore();
      const { document, records } = await pauseWithRecords(store);
      const decision = {
        action: 'approval-confirmed' as const,
        actor: 'user-ü',
        runId: document.runId,
        approvalId: records[0]?.id,
      };
      await store.claimRun(document.runId, { expectedVersion: 1, lease, updatedAt: 1, audit: [decision] });
      await expect(
        store.claimRun(document.runId, { expectedVersion: 1, lease, updatedAt: 1, audit: [decision] }),
      ).rejects.toBeInstanceOf(RunConflictError);
      const actions = (await store.listAudit({ runId: document.runId })).items.map((entry) => entry.action);
      expect(actions).toEqual(['approval-requested', 'approval-confirmed']);
    });
  });
}
