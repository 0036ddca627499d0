import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/store.js';
import {
  InvalidCursorError,
  MigrationRequiredError,
  RunConflictError,
  RunNotFoundError,
  StorageError,
  ValidationError,
} from '../errors/index.js';
import type { RunDocument, RunStatus } from '../run/run-document.js';

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** Whether the store has tables that `migrate()` creates (default `true`; `false` for memory). */
  requiresMigration?: boolean;
  /** How many writers race on one compare-and-set (default 20). */
  concurrentWriters?: number;
}

/**
 * Registers the Vitest suite every {@link Store} must pass: migrations, the compare-and-set rules,
 * listing and cursors, the tool-execution journal and concurrent writers. `makeStore` must return
 * a new store over empty, unmigrated storage on every call (a new file, a new schema); the suite
 * migrates and closes it.
 *
 * @example
 * ```ts
 * import { describeStoreConformance } from 'countersign/testing';
 * import { SqliteDb } from 'countersign/db/sqlite';
 *
 * describeStoreConformance('sqlite', async () => new SqliteDb({ dbFile: ':memory:' }));
 * ```
 */
export function describeStoreConformance(
  name: string,
  makeStore: () => Promise<Store>,
  options: StoreConformanceOptions = {},
): void {
  const concurrentWriters = options.concurrentWriters ?? 20;

  describe(`${name} store conformance`, () => {
    const opened: Store[] = [];
    let store: Store;

    async function open(migrated: boolean): Promise<Store> {
      const created = await makeStore();
      opened.push(created);
      if (migrated) await created.migrate();
      return created;
    }

    beforeEach(async () => {
      store = await open(true);
    });

    afterEach(async () => {
      for (const created of opened.splice(0)) await created.close();
    });

    describe('migrations', () => {
      it('migrates idempotently, also when called concurrently', async () => {
        await store.migrate();
        await Promise.all([store.migrate(), store.migrate(), store.migrate()]);
        expect(await store.saveRun(makeRunDocument(), { expectedVersion: null })).toBe(1);
      });

      it.skipIf(options.requiresMigration === false)(
        'reports MigrationRequiredError, naming migrate(), before migrate()',
        async () => {
          const fresh = await open(false);
          const error = await fresh.getRun('run_missing').catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(MigrationRequiredError);
          expect((error as Error).message).toContain('db.migrate()');
          expect((error as Error).message).toContain('countersign migrate');
          await expect(fresh.saveRun(makeRunDocument(), { expectedVersion: null })).rejects.toBeInstanceOf(
            MigrationRequiredError,
          );
          await expect(fresh.listRuns()).rejects.toBeInstanceOf(MigrationRequiredError);
        },
      );
    });

    describe('runs', () => {
      it('stores and loads a realistic document unchanged', async () => {
        const document = makeRunDocument();
        expect(await store.saveRun(document, { expectedVersion: null })).toBe(1);
        const stored = await store.getRun(document.runId);
        expect(stored).toEqual({ document, version: 1, leaseOwner: null, leaseUntil: null });
        expect(await store.getRun(`run_${randomUUID()}`)).toBeNull();
      });

      it('updates with compare-and-set and bumps the version', async () => {
        const document = makeRunDocument();
        await store.saveRun(document, { expectedVersion: null });
        const running: RunDocument = {
          ...document,
          status: 'running',
          step: 2,
          updatedAt: document.updatedAt + 5,
        };
        expect(await store.saveRun(running, { expectedVersion: 1, expectedStatus: 'paused' })).toBe(2);
        const stored = await store.getRun(document.runId);
        expect(stored?.version).toBe(2);
        expect(stored?.document).toEqual(running);
      });

      it('rejects a stale version with RunConflictError carrying the stored status', async () => {
        const document = makeRunDocument();
        await store.saveRun(document, { expectedVersion: null });
        await store.saveRun({ ...document, status: 'running' }, { expectedVersion: 1 });
        const error = await store
          .saveRun({ ...document, status: 'completed' }, { expectedVersion: 1 })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RunConflictError);
        expect((error as RunConflictError).runId).toBe(document.runId);
        expect((error as RunConflictError).actualStatus).toBe('running');
        expect((await store.getRun(document.runId))?.document.status).toBe('running');
      });

      it('rejects an expectedStatus mismatch with RunConflictError carrying the actual status', async () => {
        const document = makeRunDocument({ status: 'completed' });
        await store.saveRun(document, { expectedVersion: null });
        const error = await store
          .saveRun({ ...document, status: 'running' }, { expectedVersion: 1, expectedStatus: 'paused' })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RunConflictError);
        expect((error as RunConflictError).actualStatus).toBe('completed');
        expect((await store.getRun(document.runId))?.version).toBe(1);
      });

      it('rejects an update of an unknown run with RunNotFoundError', async () => {
        const error = await store
          .saveRun(makeRunDocument(), { expectedVersion: 1 })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RunNotFoundError);
      });

      it('rejects a second insert of the same id with RunConflictError and keeps the first', async () => {
        const document = makeRunDocument();
        await store.saveRun(document, { expectedVersion: null });
        const error = await store
          .saveRun({ ...document, input: 'another' }, { expectedVersion: null })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RunConflictError);
        expect((error as RunConflictError).actualStatus).toBe('paused');
        expect((await store.getRun(document.runId))?.document.input).toBe(document.input);
      });

      it('writes, keeps and clears the lease', async () => {
        const document = makeRunDocument();
        const until = Date.now() + 30_000;
        await store.saveRun(document, { expectedVersion: null, lease: { owner: 'instance-a', until } });
        expect(await store.getRun(document.runId)).toMatchObject({
          leaseOwner: 'instance-a',
          leaseUntil: until,
        });
        await store.saveRun(document, { expectedVersion: 1 });
        expect(await store.getRun(document.runId)).toMatchObject({
          leaseOwner: 'instance-a',
          leaseUntil: until,
        });
        await store.saveRun({ ...document, status: 'completed' }, { expectedVersion: 2, lease: null });
        expect(await store.getRun(document.runId)).toMatchObject({
          version: 3,
          leaseOwner: null,
          leaseUntil: null,
        });
      });

      it('lets exactly one of many concurrent writers with the same expected version win', async () => {
        const document = makeRunDocument();
        await store.saveRun(document, { expectedVersion: null });
        const attempts = Array.from({ length: concurrentWriters }, (_, index) =>
          store.saveRun(
            { ...document, status: 'running', content: `writer ${index}` },
            {
              expectedVersion: 1,
              expectedStatus: 'paused',
              lease: { owner: `writer-${index}`, until: Date.now() },
            },
          ),
        );
        const results = await Promise.allSettled(attempts);
        const winners = results.filter((result) => result.status === 'fulfilled');
        const losers = results.filter((result) => result.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(winners[0]?.value).toBe(2);
        expect(losers).toHaveLength(concurrentWriters - 1);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(RunConflictError);
        const stored = await store.getRun(document.runId);
        const winner = results.findIndex((result) => result.status === 'fulfilled');
        expect(stored).toMatchObject({ version: 2, leaseOwner: `writer-${winner}` });
        expect(stored?.document.content).toBe(`writer ${winner}`);
      });

      it('never shares document objects with the caller', async () => {
        const document = makeRunDocument();
        await store.saveRun(document, { expectedVersion: null });
        document.usage.totalTokens = -1;
        document.messages.length = 0;
        const loaded = await store.getRun(document.runId);
        expect(loaded?.document.usage.totalTokens).toBe(150);
        if (loaded === null) throw new Error('the run was not stored');
        const requirement = loaded.document.requirements[0];
        if (requirement !== undefined) requirement.toolArgs.service = 'changed by the caller';
        loaded.document.messages.pop();
        const again = await store.getRun(document.runId);
        expect(again?.document.requirements[0]?.toolArgs.service).toBe('billing-🧾');
        expect(again?.document.messages).toHaveLength(2);
      });
    });

    describe('listRuns', () => {
      it('filters, orders newest first with the id as tie-breaker, and checks its arguments', async () => {
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

      it('pages through 120 runs with inserts between pages, without repeats or skips', async () => {
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

    describe('tool-execution journal', () => {
      it('records a call once and hands back the stored result afterwards', async () => {
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

      it('lists a run’s calls in start order and keeps error results', async () => {
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
  });
}

/** A paused run as the agent stores it, with unicode and nested tool arguments. */
function makeRunDocument(overrides: Partial<RunDocument> = {}): RunDocument {
  const createdAt = 1_790_000_000;
  return {
    v: 1,
    runId: `run_${randomUUID()}`,
    agentId: 'ops-agent',
    sessionId: 'session-1',
    userId: 'user-ü',
    status: 'paused',
    input: 'Restart the billing service — please 🙏',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Restart the billing service — please 🙏' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'restart_service',
            input: {
              service: 'billing-🧾',
              options: { graceful: true, regions: ['eu-west', 'ap-南'], retries: 3 },
            },
          },
        ],
      },
    ],
    step: 1,
    usage: { requests: 1, inputTokens: 120, outputTokens: 30, totalTokens: 150 },
    requirements: [
      {
        id: 'req_1',
        kind: 'confirmation',
        toolName: 'restart_service',
        toolArgs: {
          service: 'billing-🧾',
          options: { graceful: true, regions: ['eu-west', 'ap-南'], retries: 3 },
        },
        toolCallId: 'call_1',
        createdAt,
        approvalType: 'required',
      },
    ],
    pendingResults: [
      {
        type: 'tool-result',
        toolCallId: 'call_0',
        toolName: 'lookup',
        output: { type: 'json', value: { ok: true } },
      },
    ],
    toolCalls: [],
    content: 'Please confirm restart_service (billing-🧾).',
    metadata: { ticket: 'OPS-1', tags: ['prod', 'ça va'], depth: { a: { b: { c: [1, 2.5, null] } } } },
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}
