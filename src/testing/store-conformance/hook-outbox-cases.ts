import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewHookJob, Store } from '../../db/store.js';
import { RunConflictError, StorageError, ValidationError } from '../../errors/index.js';
import { makeRunDocument } from './make-run-document.js';

const NOW = 1_800_000_000_000;

function makeJob(overrides: Partial<NewHookJob> = {}): NewHookJob {
  return {
    id: `job_${randomUUID()}`,
    hookName: 'audit_log',
    agentId: 'ops-agent',
    runId: `run_${randomUUID()}`,
    payload: {
      runOutput: { content: 'Done ✓', toolCalls: [{ toolName: 'restart_service' }] },
      userId: 'user-ü',
    },
    maxAttempts: 3,
    runAfter: NOW,
    createdAt: NOW,
    ...overrides,
  };
}

/** Registers the background-hook outbox cases of the conformance suite. */
export function describeHookOutboxCases(currentStore: () => Store, concurrentClaimers: number): void {
  describe('background hook outbox', () => {
    it('enqueues jobs as pending and keeps their payload unchanged', async () => {
      const store = currentStore();
      const job = makeJob();
      await store.enqueueHookJobs([job]);
      expect(await store.listHookJobs({ runId: job.runId })).toEqual([
        {
          ...job,
          status: 'pending',
          attempts: 0,
          lastError: null,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: NOW,
        },
      ]);
      await expect(store.enqueueHookJobs([job])).rejects.toBeInstanceOf(StorageError);
    });

    it('claims due jobs oldest first, with a lease and one attempt each, never twice', async () => {
      const store = currentStore();
      const agentId = `agent_${randomUUID()}`;
      const later = makeJob({ agentId, runAfter: NOW + 2 });
      const first = makeJob({ agentId, runAfter: NOW + 1 });
      const notYet = makeJob({ agentId, runAfter: NOW + 60_000 });
      await store.enqueueHookJobs([later, first, notYet]);
      const claimed = await store.claimHookJobs({
        owner: 'worker-a',
        now: NOW + 10,
        leaseMs: 1_000,
        limit: 10,
        agentId,
      });
      expect(claimed.map((job) => job.id)).toEqual([first.id, later.id]);
      expect(claimed[0]).toMatchObject({
        status: 'running',
        attempts: 1,
        leaseOwner: 'worker-a',
        leaseUntil: NOW + 1_010,
      });
      expect(
        await store.claimHookJobs({ owner: 'worker-b', now: NOW + 20, leaseMs: 1_000, limit: 10, agentId }),
      ).toEqual([]);
      for (const job of claimed) await store.completeHookJob(job.id, { owner: 'worker-a', now: NOW + 30 });
      const limited = await store.claimHookJobs({
        owner: 'worker-b',
        now: NOW + 60_000,
        leaseMs: 1_000,
        limit: 1,
        agentId,
      });
      expect(limited.map((job) => job.id)).toEqual([notYet.id]);
    });

    it('claims only the named hooks of the named agent', async () => {
      const store = currentStore();
      const agentId = `agent_${randomUUID()}`;
      const known = makeJob({ agentId, hookName: 'audit_log' });
      const unknown = makeJob({ agentId, hookName: 'notify_slack' });
      const otherAgent = makeJob({ hookName: 'audit_log' });
      await store.enqueueHookJobs([known, unknown, otherAgent]);
      const options = { owner: 'worker', now: NOW, leaseMs: 1_000, limit: 10, agentId };
      expect(await store.claimHookJobs({ ...options, hookNames: [] })).toEqual([]);
      const claimed = await store.claimHookJobs({ ...options, hookNames: ['audit_log'] });
      expect(claimed.map((job) => job.id)).toEqual([known.id]);
      expect((await store.listHookJobs({ agentId, status: 'pending' })).map((job) => job.id)).toEqual([
        unknown.id,
      ]);
    });

    it('completes a job only for the worker that holds it', async () => {
      const store = currentStore();
      const job = makeJob({ agentId: `agent_${randomUUID()}` });
      await store.enqueueHookJobs([job]);
      await store.claimHookJobs({
        owner: 'worker-a',
        now: NOW,
        leaseMs: 1_000,
        limit: 1,
        agentId: job.agentId,
      });
      expect(await store.completeHookJob(job.id, { owner: 'worker-b', now: NOW + 5 })).toBe(false);
      expect(await store.completeHookJob(job.id, { owner: 'worker-a', now: NOW + 5 })).toBe(true);
      expect(await store.completeHookJob(job.id, { owner: 'worker-a', now: NOW + 6 })).toBe(false);
      expect(await store.listHookJobs({ runId: job.runId })).toMatchObject([
        { status: 'completed', leaseOwner: null, leaseUntil: null, updatedAt: NOW + 5 },
      ]);
    });

    it('retries a failed job after its backoff and gives up after maxAttempts, keeping the last error', async () => {
      const store = currentStore();
      const job = makeJob({ agentId: `agent_${randomUUID()}`, maxAttempts: 2 });
      await store.enqueueHookJobs([job]);
      const claim = (now: number) =>
        store.claimHookJobs({ owner: 'worker', now, leaseMs: 1_000, limit: 1, agentId: job.agentId });
      await claim(NOW);
      expect(
        await store.failHookJob(job.id, { owner: 'other', error: 'x', now: NOW, retryAt: NOW }),
      ).toBeNull();
      expect(
        await store.failHookJob(job.id, {
          owner: 'worker',
          error: 'audit table locked',
          now: NOW + 1,
          retryAt: NOW + 500,
        }),
      ).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'audit table locked',
        runAfter: NOW + 500,
      });
      expect(await claim(NOW + 499)).toEqual([]);
      expect(await claim(NOW + 500)).toMatchObject([{ id: job.id, attempts: 2 }]);
      expect(
        await store.failHookJob(job.id, {
          owner: 'worker',
          error: 'still locked',
          now: NOW + 501,
          retryAt: NOW + 5_000,
        }),
      ).toMatchObject({ status: 'failed', attempts: 2, lastError: 'still locked' });
      expect(await claim(NOW + 10_000)).toEqual([]);
      expect(await store.listHookJobs({ status: 'failed', agentId: job.agentId })).toHaveLength(1);
    });

    it('hands a job whose worker died (lease ended) to another worker', async () => {
      const store = currentStore();
      const job = makeJob({ agentId: `agent_${randomUUID()}` });
      await store.enqueueHookJobs([job]);
      const options = { now: NOW, leaseMs: 1_000, limit: 1, agentId: job.agentId };
      await store.claimHookJobs({ ...options, owner: 'dead-worker' });
      expect(await store.claimHookJobs({ ...options, owner: 'worker-b', now: NOW + 1_000 })).toEqual([]);
      const again = await store.claimHookJobs({ ...options, owner: 'worker-b', now: NOW + 1_001 });
      expect(again).toMatchObject([{ id: job.id, attempts: 2, leaseOwner: 'worker-b' }]);
      expect(await store.completeHookJob(job.id, { owner: 'dead-worker', now: NOW + 1_002 })).toBe(false);
      expect(await store.completeHookJob(job.id, { owner: 'worker-b', now: NOW + 1_002 })).toBe(true);
    });

    it('enqueues jobs with the run write that carries them, and not with a failed one', async () => {
      const store = currentStore();
      const document = makeRunDocument({ status: 'completed' });
      const job = makeJob({ runId: document.runId });
      await store.saveRun(document, { expectedVersion: null, hookJobs: [job] });
      expect(await store.listHookJobs({ runId: document.runId })).toMatchObject([
        { id: job.id, status: 'pending' },
      ]);
      const stale = makeJob({ runId: document.runId });
      await expect(store.saveRun(document, { expectedVersion: 7, hookJobs: [stale] })).rejects.toBeInstanceOf(
        RunConflictError,
      );
      expect((await store.listHookJobs({ runId: document.runId })).map((entry) => entry.id)).toEqual([
        job.id,
      ]);
    });

    it('gives each job to one of many concurrent claimers', async () => {
      const store = currentStore();
      const agentId = `agent_${randomUUID()}`;
      const jobs = Array.from({ length: concurrentClaimers }, (_, index) =>
        makeJob({ agentId, runAfter: NOW + index }),
      );
      await store.enqueueHookJobs(jobs);
      const claims = await Promise.all(
        Array.from({ length: concurrentClaimers }, (_, index) =>
          store.claimHookJobs({
            owner: `worker-${index}`,
            now: NOW + 1_000,
            leaseMs: 60_000,
            limit: 2,
            agentId,
          }),
        ),
      );
      const ids = claims.flat().map((job) => job.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(jobs.map((job) => job.id).sort());
    });

    it('refuses a listing limit outside 1..500', async () => {
      await expect(currentStore().listHookJobs({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(currentStore().listHookJobs({ limit: 501 })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
