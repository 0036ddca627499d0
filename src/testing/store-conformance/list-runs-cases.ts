import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.js';
import { InvalidCursorError, ValidationError } from '../../errors/index.js';
import type { RunStatus } from '../../run/run-document.js';
import { makeRunDocument } from './make-run-document.js';

/** Registers the `listRuns` cases of the conformance suite: filters, order, limits and cursors. */
export function describeListRunsCases(currentStore: () => Store): void {
  describe('listRuns', () => {
    it('filters, orders newest first with the id as tie-breaker, and checks its arguments', async () => {
      const store = currentStore();
      const scope = randomUUID();
      const base = 1_800_000_000;
      const specs: Array<[string, RunStatus, string, number]> = [
        ['a', 'paused', 'agent-1', base],
        ['b', 'completed', 'agent-1', base + 10],
        ['c', 'paused', 'agent-2', base + 10],
        ['d', 'error', 'agent-2', base + 5],
        ['e', 'paused', 'agent-1', base + 20],
      ];
      for (const [suffix, status, agent, createdAt] of specs) {
        const document = makeRunDocument({
          runId: `run_${scope}_${suffix}`,
          status,
          agentId: `${scope}-${agent}`,
          sessionId: `${scope}-session-${agent}`,
          teamId: suffix === 'c' ? `${scope}-team` : undefined,
          userId: suffix === 'a' ? `${scope}-user` : undefined,
          createdAt,
        });
        await store.saveRun(document, { expectedVersion: null });
      }
      const ids = async (query: Parameters<Store['listRuns']>[0]) =>
        (await store.listRuns(query)).items.map((item) => item.document.runId.slice(-1)).join('');
      expect(await ids({ agentId: `${scope}-agent-1` })).toBe('eba');
      expect(await ids({ agentId: `${scope}-agent-2` })).toBe('cd');
      expect(await ids({ agentId: `${scope}-agent-1`, status: 'paused' })).toBe('ea');
      expect(await ids({ sessionId: `${scope}-session-agent-2`, status: 'error' })).toBe('d');
      expect(await ids({ teamId: `${scope}-team` })).toBe('c');
      expect(await ids({ userId: `${scope}-user` })).toBe('a');
      const limited = await store.listRuns({ agentId: `${scope}-agent-1`, limit: 2 });
      expect(limited.items.map((item) => item.document.runId.slice(-1))).toEqual(['e', 'b']);
      expect(limited.nextCursor).toEqual(expect.any(String));
      const rest = await store.listRuns({
        agentId: `${scope}-agent-1`,
        limit: 2,
        cursor: limited.nextCursor ?? '',
      });
      expect(rest.items.map((item) => item.document.runId.slice(-1))).toEqual(['a']);
      expect(rest.nextCursor).toBeNull();
      expect((await store.listRuns({ agentId: `${scope}-nobody` })).items).toEqual([]);
      for (const limit of [0, 501, 1.5]) {
        await expect(store.listRuns({ limit })).rejects.toBeInstanceOf(ValidationError);
      }
      for (const cursor of ['not a cursor', 'bm9wZQ', Buffer.from('[1,2]').toString('base64url')]) {
        await expect(store.listRuns({ cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
    });

    it('lists a run under the agent, session and creation time it was inserted with', async () => {
      const store = currentStore();
      const agentId = `agent-${randomUUID()}`;
      const document = makeRunDocument({ agentId });
      await store.saveRun(document, { expectedVersion: null });
      await store.saveRun(
        {
          ...document,
          agentId: `${agentId}-renamed`,
          createdAt: document.createdAt + 100,
          status: 'completed',
        },
        { expectedVersion: 1 },
      );
      const page = await store.listRuns({ agentId });
      expect(page.items.map((item) => item.document.runId)).toEqual([document.runId]);
      expect(page.items[0]?.document.status).toBe('completed');
      expect((await store.listRuns({ agentId, status: 'completed' })).items).toHaveLength(1);
      expect((await store.listRuns({ agentId: `${agentId}-renamed` })).items).toEqual([]);
    });

    it('pages through 120 runs with inserts between pages, without repeats or skips', async () => {
      const store = currentStore();
      const agentId = `agent-${randomUUID()}`;
      const base = 1_800_000_000;
      const expected: string[] = [];
      for (let index = 0; index < 120; index += 1) {
        // Three runs a second, so ties on createdAt cross page boundaries.
        const runId = `run_${String(index).padStart(3, '0')}`;
        await store.saveRun(
          makeRunDocument({
            runId: `${agentId}-${runId}`,
            agentId,
            createdAt: base + Math.floor(index / 3),
          }),
          {
            expectedVersion: null,
          },
        );
        expected.unshift(`${agentId}-${runId}`);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page += 1) {
        const result = await store.listRuns({
          agentId,
          limit: 25,
          ...(cursor === undefined ? {} : { cursor }),
        });
        seen.push(...result.items.map((item) => item.document.runId));
        // Newer runs arrive while the caller pages; they belong before the first page, not in later ones.
        await store.saveRun(
          makeRunDocument({ runId: `${agentId}-new_${page}`, agentId, createdAt: base + 1_000 + page }),
          { expectedVersion: null },
        );
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(expected);
    });
  });
}
