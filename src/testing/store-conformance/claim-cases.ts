import { describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.js';
import { RunConflictError, RunNotFoundError } from '../../errors/index.js';
import { makeRunDocument } from './make-run-document.js';

const lease = { owner: 'instance-a', until: 1_900_000_000_000 };

/** Registers the claim cases of the conformance suite: the `paused -> running` compare-and-set. */
export function describeClaimCases(currentStore: () => Store, concurrentWriters: number): void {
  describe('claimRun', () => {
    async function pausedRun(store: Store) {
      const document = makeRunDocument({ status: 'paused' });
      const version = await store.saveRun(document, { expectedVersion: null });
      return { document, version };
    }

    it('moves a paused run to running without rewriting its document, and starts journal rows', async () => {
      const store = currentStore();
      const { document, version } = await pausedRun(store);
      const claimed = await store.claimRun(document.runId, {
        expectedVersion: version,
        lease,
        updatedAt: document.updatedAt + 5,
        startToolCalls: [{ toolCallId: 'call_1', toolName: 'restart_service' }],
        startedAt: 1_700_000_000_000,
      });
      expect(claimed.version).toBe(version + 1);
      expect(claimed.previousExecutions.size).toBe(0);
      const stored = await store.getRun(document.runId);
      expect(stored?.version).toBe(version + 1);
      expect(stored?.document.status).toBe('running');
      expect(stored?.document.messages).toEqual(document.messages);
      expect(stored?.leaseOwner).toBe('instance-a');
      expect(stored?.leaseUntil).toBe(lease.until);
      expect((await store.listRuns({ status: 'running' })).items.map((run) => run.document.runId)).toEqual([
        document.runId,
      ]);
      expect(await store.listToolExecutions(document.runId)).toEqual([
        {
          runId: document.runId,
          toolCallId: 'call_1',
          toolName: 'restart_service',
          status: 'started',
          startedAt: 1_700_000_000_000,
        },
      ]);
      // The claimed version is what the final write compares against.
      expect(
        await store.saveRun({ ...document, status: 'completed' }, { expectedVersion: claimed.version }),
      ).toBe(version + 2);
    });

    it('hands back journal rows of earlier attempts', async () => {
      const store = currentStore();
      const { document, version } = await pausedRun(store);
      const entry = { runId: document.runId, toolCallId: 'call_1', toolName: 'restart_service' };
      await store.beginToolExecution({ ...entry, startedAt: 1 });
      await store.completeToolExecution({ ...entry, result: 'done before', isError: false, completedAt: 2 });
      const claimed = await store.claimRun(document.runId, {
        expectedVersion: version,
        lease,
        updatedAt: document.updatedAt,
        startToolCalls: [
          { toolCallId: 'call_1', toolName: 'restart_service' },
          { toolCallId: 'call_2', toolName: 'restart_service' },
        ],
      });
      expect([...claimed.previousExecutions.keys()]).toEqual(['call_1']);
      expect(claimed.previousExecutions.get('call_1')).toMatchObject({
        status: 'completed',
        result: 'done before',
      });
    });

    it('refuses a stale version, a run that is not paused, and an unknown id, writing nothing', async () => {
      const store = currentStore();
      const { document, version } = await pausedRun(store);
      const options = {
        lease,
        updatedAt: document.updatedAt,
        startToolCalls: [{ toolCallId: 'call_9', toolName: 'restart_service' }],
      };
      const stale = await store
        .claimRun(document.runId, { ...options, expectedVersion: version + 7 })
        .catch((caught: unknown) => caught);
      expect(stale).toBeInstanceOf(RunConflictError);
      expect((stale as RunConflictError).actualStatus).toBe('paused');
      expect(await store.listToolExecutions(document.runId)).toEqual([]);

      const completed = makeRunDocument({ status: 'completed' });
      const completedVersion = await store.saveRun(completed, { expectedVersion: null });
      const notPaused = await store
        .claimRun(completed.runId, { ...options, expectedVersion: completedVersion })
        .catch((caught: unknown) => caught);
      expect(notPaused).toBeInstanceOf(RunConflictError);
      expect((notPaused as RunConflictError).actualStatus).toBe('completed');
      await expect(store.claimRun('run_unknown', { ...options, expectedVersion: 1 })).rejects.toBeInstanceOf(
        RunNotFoundError,
      );
    });

    it('stores the claimed document when given, and recovers a running run only after its lease', async () => {
      const store = currentStore();
      const { document, version } = await pausedRun(store);
      const decided = {
        ...document,
        status: 'running' as const,
        requirements: document.requirements.map((requirement) => ({
          ...requirement,
          decision: { confirmed: true, decidedBy: 'alice' },
        })),
        metadata: { claimed: 'yes' },
      };
      const startToolCalls = [{ toolCallId: 'call_1', toolName: 'restart_service' }];
      const claimed = await store.claimRun(document.runId, {
        expectedVersion: version,
        lease: { owner: 'instance-a', until: 5_000 },
        updatedAt: document.updatedAt,
        startToolCalls,
        document: decided,
      });
      expect((await store.getRun(document.runId))?.document).toMatchObject({
        status: 'running',
        metadata: { claimed: 'yes' },
      });
      const recover = (now: number, expectedVersion: number) =>
        store.claimRun(document.runId, {
          expectedVersion,
          lease: { owner: 'instance-b', until: now + 60_000 },
          updatedAt: document.updatedAt,
          startToolCalls,
          recover: { now },
        });
      // The lease still holds: no takeover.
      await expect(recover(4_999, claimed.version)).rejects.toBeInstanceOf(RunConflictError);
      const recovered = await recover(5_001, claimed.version);
      expect(recovered.version).toBe(claimed.version + 1);
      // The journal row the dead claimer started comes back as an earlier attempt.
      expect(recovered.previousExecutions.get('call_1')?.status).toBe('started');
      const stored = await store.getRun(document.runId);
      expect(stored).toMatchObject({ leaseOwner: 'instance-b', version: claimed.version + 1 });
      expect(stored?.document.metadata).toEqual({ claimed: 'yes' });
      // Only one of two recoverers wins, and a paused run is never "recovered".
      await expect(recover(9_999_999_999_999, claimed.version)).rejects.toBeInstanceOf(RunConflictError);
      const paused = await pausedRun(store);
      await expect(
        store.claimRun(paused.document.runId, {
          expectedVersion: paused.version,
          lease,
          updatedAt: 1,
          recover: { now: 9_999_999_999_999 },
        }),
      ).rejects.toBeInstanceOf(RunConflictError);
    });

    it(`lets exactly one of ${concurrentWriters} concurrent claims win`, async () => {
      const store = currentStore();
      const { document, version } = await pausedRun(store);
      const outcomes = await Promise.allSettled(
        Array.from({ length: concurrentWriters }, (_, index) =>
          store.claimRun(document.runId, {
            expectedVersion: version,
            lease: { owner: `instance-${index}`, until: lease.until },
            updatedAt: document.updatedAt,
            startToolCalls: [{ toolCallId: 'call_1', toolName: 'restart_service' }],
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(RunConflictError);
      }
      expect(await store.listToolExecutions(document.runId)).toHaveLength(1);
    });
  });
}
