import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.js';
import { RunNotFoundError, StorageError } from '../../errors/index.js';
import { makeRunDocument } from './make-run-document.js';

/** Registers the tool-execution journal cases of the conformance suite. */
export function describeJournalCases(currentStore: () => Store, concurrentWriters: number): void {
  describe('tool-execution journal', () => {
    it('records a call once and hands back the stored result afterwards', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const entry = { runId: document.runId, toolCallId: 'call_1', toolName: 'restart_service' };
      const startedAt = Date.now();
      expect(await store.beginToolExecution({ ...entry, startedAt })).toBeNull();
      expect(await store.beginToolExecution({ ...entry, startedAt: startedAt + 1 })).toEqual({
        ...entry,
        status: 'started',
        startedAt,
      });
      const result = { restarted: true, notes: ['ünïcödé ✓', { nested: [1, null, 'x'] }] };
      await store.completeToolExecution({ ...entry, result, isError: false, completedAt: startedAt + 40 });
      const completed = {
        ...entry,
        status: 'completed',
        result,
        isError: false,
        startedAt,
        completedAt: startedAt + 40,
      };
      expect(await store.beginToolExecution({ ...entry, startedAt: startedAt + 50 })).toEqual(completed);
      // The first stored result stands.
      await store.completeToolExecution({
        ...entry,
        result: 'other',
        isError: true,
        completedAt: startedAt + 60,
      });
      expect(await store.beginToolExecution({ ...entry, startedAt: startedAt + 70 })).toEqual(completed);
    });

    it('commits a completion’s audit entries with its result, once', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const entry = { runId: document.runId, toolCallId: 'call_1', toolName: 'restart_service' };
      await store.beginToolExecution({ ...entry, startedAt: 1_000 });
      const audit = {
        action: 'tool-executed' as const,
        actor: 'u1',
        runId: document.runId,
        toolName: entry.toolName,
        toolCallId: entry.toolCallId,
        argsDigest: 'a'.repeat(64),
        data: { outcome: 'executed' },
      };
      await store.completeToolExecution({
        ...entry,
        result: 'ok',
        isError: false,
        completedAt: 2_000,
        audit: [audit],
      });
      // A second completion (a recovering process) stores nothing and audits nothing.
      await store.completeToolExecution({
        ...entry,
        result: 'again',
        isError: false,
        completedAt: 3_000,
        audit: [audit],
      });
      const { items } = await store.listAudit({ runId: document.runId });
      expect(items.map((item) => [item.action, item.toolCallId, item.argsDigest])).toEqual([
        ['tool-executed', 'call_1', 'a'.repeat(64)],
      ]);
      expect((await store.verifyAuditLog()).ok).toBe(true);
    });

    it('lists a run’s calls in start order and keeps error results', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const runId = document.runId;
      await store.beginToolExecution({ runId, toolCallId: 'call_b', toolName: 'lookup', startedAt: 2_000 });
      await store.beginToolExecution({ runId, toolCallId: 'call_a', toolName: 'lookup', startedAt: 1_000 });
      await store.beginToolExecution({ runId, toolCallId: 'call_c', toolName: 'lookup', startedAt: 2_000 });
      await store.completeToolExecution({
        runId,
        toolCallId: 'call_b',
        result: 'boom',
        isError: true,
        completedAt: 2_500,
      });
      const rows = await store.listToolExecutions(runId);
      expect(rows.map((row) => row.toolCallId)).toEqual(['call_a', 'call_b', 'call_c']);
      expect(rows[1]).toMatchObject({
        status: 'completed',
        result: 'boom',
        isError: true,
        completedAt: 2_500,
      });
      expect(rows[0]).toEqual({
        runId,
        toolCallId: 'call_a',
        toolName: 'lookup',
        status: 'started',
        startedAt: 1_000,
      });
      expect(await store.listToolExecutions(`run_${randomUUID()}`)).toEqual([]);
    });

    it('refuses journal rows of unknown runs and completions of calls never begun', async () => {
      const store = currentStore();
      const runId = `run_${randomUUID()}`;
      await expect(
        store.beginToolExecution({ runId, toolCallId: 'call_1', toolName: 'x', startedAt: 1 }),
      ).rejects.toBeInstanceOf(RunNotFoundError);
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      await expect(
        store.completeToolExecution({
          runId: document.runId,
          toolCallId: 'nope',
          result: 1,
          isError: false,
          completedAt: 1,
        }),
      ).rejects.toBeInstanceOf(StorageError);
    });

    it('lets one of many concurrent beginners execute', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const results = await Promise.all(
        Array.from({ length: concurrentWriters }, (_, index) =>
          store.beginToolExecution({
            runId: document.runId,
            toolCallId: 'call_1',
            toolName: 'x',
            startedAt: index,
          }),
        ),
      );
      expect(results.filter((result) => result === null)).toHaveLength(1);
    });
  });
}
