import { describe, expect, it } from 'vitest';
import type { ApprovalUpdate } from '../../approvals/approval-record.js';
import type { Store } from '../../db/store.js';
import {
  ApprovalConflictError,
  ApprovalForbiddenError,
  ApprovalNotFoundError,
  ValidationError,
} from '../../errors/index.js';
import { pauseWithRecords } from './approval-cases.js';

const now = () => Math.floor(Date.now() / 1000);

async function actionsOf(store: Store, approvalId: string): Promise<string[]> {
  return (await store.listAudit({ approvalId, limit: 1_000 })).items.map((entry) => entry.action);
}

/** Registers the resolution cases: compare-and-set, authority, quorum votes, expiry, cancellation. */
export function describeApprovalResolutionCases(
  currentStore: () => Store,
  concurrentResolvers: number,
): void {
  describe('updateApproval', () => {
    it('resolves with compare-and-set, changes only resolution fields, and audits the decision', async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store);
      const record = records[0];
      if (record === undefined) throw new Error('no record');
      const update = {
        expectedStatus: 'pending',
        status: 'approved',
        resolvedBy: 'approver-1',
        resolvedAt: 1_800_000_100,
        resolutionData: { reason: 'looks right', editedArgs: { service: 'billing' } },
        resolvedByRoles: ['ops'],
        // Not resolution fields: ignored.
        toolName: 'drop_database',
        toolArgs: { everything: true },
      } as ApprovalUpdate & { resolvedByRoles: string[] };
      const resolved = await store.updateApproval(record.id, update);
      const expected = {
        ...record,
        status: 'approved',
        resolvedBy: 'approver-1',
        resolvedAt: 1_800_000_100,
        resolutionData: { reason: 'looks right', editedArgs: { service: 'billing' } },
        updatedAt: expect.any(Number),
      };
      expect(resolved).toEqual(expected);
      expect(await store.getApproval(record.id)).toEqual(resolved);

      const conflict = await store
        .updateApproval(record.id, {
          expectedStatus: 'pending',
          status: 'rejected',
          resolvedBy: 'approver-2',
        })
        .catch((caught: unknown) => caught);
      expect(conflict).toBeInstanceOf(ApprovalConflictError);
      expect(conflict).toMatchObject({
        approvalId: record.id,
        expectedStatus: 'pending',
        actualStatus: 'approved',
      });
      expect(await store.getApproval(record.id)).toEqual(resolved);

      const entries = (await store.listAudit({ approvalId: record.id })).items;
      expect(entries.map((entry) => entry.action)).toEqual(['approval-requested', 'approval-approved']);
      expect(entries[1]).toMatchObject({
        actor: 'approver-1',
        actorRoles: ['ops'],
        runId: record.runId,
        approvalId: record.id,
        toolName: record.toolName,
        toolCallId: record.toolCallId,
        argsDigest: record.argsDigest,
        data: {
          reason: 'looks right',
          editedArgs: { service: 'billing' },
          previousStatus: 'pending',
          resolutionData: { reason: 'looks right', editedArgs: { service: 'billing' } },
        },
      });
    });

    it('tells an unknown id from a conflict, and refuses updates no record can take', async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store);
      const id = records[0]?.id ?? '';
      const missing = await store
        .updateApproval('apr_missing', { expectedStatus: 'pending', status: 'approved', resolvedBy: 'a' })
        .catch((caught: unknown) => caught);
      expect(missing).toBeInstanceOf(ApprovalNotFoundError);
      expect(missing).toMatchObject({ approvalId: 'apr_missing' });
      await store.updateApproval(id, { expectedStatus: 'pending', status: 'rejected', resolvedBy: 'a' });
      await expect(
        store.updateApproval(id, { expectedStatus: 'pending', status: 'approved', resolvedBy: 'b' }),
      ).rejects.toBeInstanceOf(ApprovalConflictError);
      await expect(
        store.updateApproval(id, { expectedStatus: 'rejected', status: 'approved', resolvedBy: 'b' }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        store.updateApproval(id, { expectedStatus: 'pending', status: 'pending', resolvedBy: 'b' }),
      ).rejects.toBeInstanceOf(ValidationError);
    });

    it(`lets exactly one of ${concurrentResolvers} concurrent resolvers win`, async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store);
      const id = records[0]?.id ?? '';
      const outcomes = await Promise.allSettled(
        Array.from({ length: concurrentResolvers }, (_, index) =>
          store.updateApproval(id, {
            expectedStatus: 'pending',
            status: index % 2 === 0 ? 'approved' : 'rejected',
            resolvedBy: `approver-${index}`,
          }),
        ),
      );
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ApprovalConflictError);
      }
      const stored = await store.getApproval(id);
      expect(stored).toEqual(winners[0]?.value);
      expect(await actionsOf(store, id)).toHaveLength(2);
      expect((await store.verifyAuditLog()).ok).toBe(true);
    });

    it('enforces who may decide, and writes nothing for a refused resolver', async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store, [
        { requestedBy: 'requester', approverRole: 'finance' },
        { requestedBy: 'requester', toolCallId: 'call_2' },
        { requestedBy: 'requester', type: 'audit', toolCallId: 'call_3' },
      ]);
      const [gated, open, audited] = records.map((record) => record.id) as [string, string, string];
      const refuse = async (
        id: string,
        update: Partial<ApprovalUpdate> & { resolvedByRoles?: string[] },
        reason: string,
      ) => {
        const error = await store
          .updateApproval(id, { expectedStatus: 'pending', status: 'approved', ...update })
          .catch((caught: unknown) => caught);
        expect(error, reason).toBeInstanceOf(ApprovalForbiddenError);
        expect(error).toMatchObject({ approvalId: id, reason });
      };
      await refuse(gated, { resolvedBy: 'requester', resolvedByRoles: ['finance'] }, 'self-approval');
      await refuse(gated, { resolvedBy: 'approver', resolvedByRoles: ['ops'] }, 'missing-role');
      await refuse(gated, { resolvedBy: 'approver', resolvedByRoles: [] }, 'missing-role');
      await refuse(
        gated,
        { status: 'rejected', resolvedBy: 'approver', resolvedByRoles: ['ops'] },
        'missing-role',
      );
      await refuse(gated, {}, 'no-resolver');
      await refuse(gated, { status: 'rejected', resolvedBy: null }, 'no-resolver');
      await refuse(open, { resolvedBy: 'requester' }, 'self-approval');
      expect((await store.getApproval(gated))?.status).toBe('pending');
      expect(await actionsOf(store, gated)).toEqual(['approval-requested']);

      // `admin` stands for every role; without roles the caller vouches for the resolver.
      await store.updateApproval(gated, {
        expectedStatus: 'pending',
        status: 'approved',
        resolvedBy: 'approver',
        resolvedByRoles: ['admin'],
      });
      // The requester may reject their own call, and approve an `audit` record.
      await store.updateApproval(open, {
        expectedStatus: 'pending',
        status: 'rejected',
        resolvedBy: 'requester',
      });
      expect(
        (
          await store.updateApproval(audited, {
            expectedStatus: 'pending',
            status: 'approved',
            resolvedBy: 'requester',
          })
        ).status,
      ).toBe('approved');
    });

    it('counts a quorum of distinct approvers, refuses a second vote, and ends at the first rejection', async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store, [
        { quorum: 2, approverRole: 'finance' },
        { quorum: 2, toolCallId: 'call_2' },
        { quorum: 3, toolCallId: 'call_3' },
      ]);
      const [twoVotes, rejected, three] = records.map((record) => record.id) as [string, string, string];
      const vote = (id: string, resolvedBy: string, extra: Partial<ApprovalUpdate> = {}) =>
        store.updateApproval(id, {
          expectedStatus: 'pending',
          status: 'approved',
          resolvedBy,
          resolvedAt: 1_800_000_000,
          resolvedByRoles: ['finance'],
          ...extra,
        });
      const first = await vote(twoVotes, 'alice', { resolutionData: { reason: 'fine by me' } });
      expect(first).toMatchObject({
        status: 'pending',
        resolvedBy: null,
        resolvedAt: null,
        resolutionData: {
          reason: 'fine by me',
          votes: [{ userId: 'alice', roles: ['finance'], at: 1_800_000_000 }],
        },
      });
      const duplicate = await vote(twoVotes, 'alice').catch((caught: unknown) => caught);
      expect(duplicate).toBeInstanceOf(ApprovalForbiddenError);
      expect(duplicate).toMatchObject({ reason: 'duplicate-vote' });
      const second = await vote(twoVotes, 'bob');
      expect(second).toMatchObject({ status: 'approved', resolvedBy: 'bob', resolvedAt: 1_800_000_000 });
      expect(second.resolutionData?.votes?.map((each) => each.userId)).toEqual(['alice', 'bob']);
      expect(await actionsOf(store, twoVotes)).toEqual([
        'approval-requested',
        'approval-voted',
        'approval-approved',
      ]);

      await vote(rejected, 'alice');
      const decided = await store.updateApproval(rejected, {
        expectedStatus: 'pending',
        status: 'rejected',
        resolvedBy: 'carol',
        resolutionData: { reason: 'too risky' },
      });
      expect(decided).toMatchObject({
        status: 'rejected',
        resolvedBy: 'carol',
        resolutionData: { reason: 'too risky' },
      });
      expect(decided.resolutionData?.votes).toHaveLength(1);
      await expect(vote(rejected, 'bob')).rejects.toBeInstanceOf(ApprovalConflictError);
      expect(await actionsOf(store, rejected)).toEqual([
        'approval-requested',
        'approval-voted',
        'approval-denied',
      ]);

      // Concurrent votes of distinct approvers all count.
      const results = await Promise.all(['u1', 'u2', 'u3'].map((user) => vote(three, user)));
      expect(results.map((result) => result.status).sort()).toEqual(['approved', 'pending', 'pending']);
      expect((await store.getApproval(three))?.resolutionData?.votes).toHaveLength(3);
    });

    it('cancels and expires without a resolver, recorded as done by system', async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store, [{}, { toolCallId: 'call_2' }]);
      const [cancelled, expired] = records.map((record) => record.id) as [string, string];
      expect(
        await store.updateApproval(cancelled, {
          expectedStatus: 'pending',
          status: 'cancelled',
          runStatus: 'cancelled',
        }),
      ).toMatchObject({
        status: 'cancelled',
        resolvedBy: null,
        resolvedAt: expect.any(Number),
        runStatus: 'cancelled',
      });
      expect(
        await store.updateApproval(expired, { expectedStatus: 'pending', status: 'expired' }),
      ).toMatchObject({
        status: 'expired',
      });
      const entries = (await store.listAudit()).items.slice(-2);
      expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
        ['approval-cancelled', 'system'],
        ['approval-expired', 'system'],
      ]);
    });
  });

  describe('expiry', () => {
    it('reports a pending record past its expiry as expired on every read, storing it once', async () => {
      const store = currentStore();
      const past = now() - 60;
      const { document, records } = await pauseWithRecords(store, [
        { expiresAt: past },
        { toolCallId: 'call_2', expiresAt: past - 5 },
        { toolCallId: 'call_3', expiresAt: now() + 3_600 },
      ]);
      const [one, two, future] = records.map((record) => record.id) as [string, string, string];
      const read = await store.getApproval(one);
      expect(read).toMatchObject({ status: 'expired', resolvedBy: null, resolvedAt: expect.any(Number) });
      const listed = await store.getApprovals({ runId: document.runId });
      expect(Object.fromEntries(listed.items.map((record) => [record.id, record.status]))).toEqual({
        [one]: 'expired',
        [two]: 'expired',
        [future]: 'pending',
      });
      expect((await store.getApprovals({ status: 'pending' })).items.map((record) => record.id)).toEqual([
        future,
      ]);
      expect(await store.countApprovals({ status: 'pending' })).toBe(1);
      expect(await store.countApprovals({ status: 'expired' })).toBe(2);
      for (const id of [one, two]) {
        expect(await actionsOf(store, id)).toEqual(['approval-requested', 'approval-expired']);
      }
      const entry = (await store.listAudit({ approvalId: one })).items[1];
      expect(entry).toMatchObject({ actor: 'system', data: { previousStatus: 'pending' } });
    });

    it('refuses to resolve a record whose time ran out, and stores it as expired', async () => {
      const store = currentStore();
      const { records } = await pauseWithRecords(store, [{ expiresAt: now() - 1 }]);
      const id = records[0]?.id ?? '';
      const error = await store
        .updateApproval(id, { expectedStatus: 'pending', status: 'approved', resolvedBy: 'approver' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApprovalConflictError);
      expect(error).toMatchObject({ actualStatus: 'expired' });
      expect(await actionsOf(store, id)).toEqual(['approval-requested', 'approval-expired']);
    });

    it('sweeps every due record once, also when two sweeps run at once', async () => {
      const store = currentStore();
      // Ahead of the clock, so that no read sweeps these records before the sweeps under test.
      const sweepAt = now() + 100_000;
      const { records } = await pauseWithRecords(store, [
        { expiresAt: sweepAt - 10 },
        { toolCallId: 'call_2', expiresAt: sweepAt - 1 },
        { toolCallId: 'call_3', expiresAt: sweepAt },
        { toolCallId: 'call_4', expiresAt: null },
        { toolCallId: 'call_5', expiresAt: sweepAt - 10, status: 'approved', resolvedBy: 'x', resolvedAt: 1 },
      ]);
      const [first, second] = records.map((record) => record.id);
      const sweeps = await Promise.all([store.expireApprovals(sweepAt), store.expireApprovals(sweepAt)]);
      const expired = sweeps.flat();
      expect(expired.map((record) => record.id).sort()).toEqual([first, second].sort());
      for (const record of expired)
        expect(record).toMatchObject({ status: 'expired', resolvedAt: sweepAt, resolvedBy: null });
      expect(await store.expireApprovals(sweepAt)).toEqual([]);
      const actions = (await store.listAudit({ limit: 1_000 })).items.map((entry) => entry.action);
      expect(actions.filter((action) => action === 'approval-expired')).toHaveLength(2);
      expect((await store.verifyAuditLog()).ok).toBe(true);
    });
  });
}
