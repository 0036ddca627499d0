import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/store.js';
import { MigrationRequiredError, RunConflictError, RunNotFoundError } from '../errors/index.js';
import type { RunDocument } from '../run/run-document.js';
import { describeApprovalCases } from './store-conformance/approval-cases.js';
import { describeApprovalResolutionCases } from './store-conformance/approval-resolution-cases.js';
import { type AuditTamperer, describeAuditCases } from './store-conformance/audit-cases.js';
import { describeClaimCases } from './store-conformance/claim-cases.js';
import { describeHookOutboxCases } from './store-conformance/hook-outbox-cases.js';
import { describeJournalCases } from './store-conformance/journal-cases.js';
import { describeListRunsCases } from './store-conformance/list-runs-cases.js';
import { makeRunDocument } from './store-conformance/make-run-document.js';
import { describeRunWriteCases } from './store-conformance/run-write-cases.js';
import { describeSlackMessageCases } from './store-conformance/slack-message-cases.js';
import { describeTraceCases } from './store-conformance/trace-cases.js';

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** Whether the store has tables that `migrate()` creates (default `true`; `false` for memory). */
  requiresMigration?: boolean;
  /** How many writers race on one compare-and-set (default 20). */
  concurrentWriters?: number;
  /** How many resolvers race on one approval record (default 50). */
  concurrentResolvers?: number;
  /**
   * Raw access to the stored audit entries, for the tamper-detection cases (skipped without it).
   * SQL backends implement it with SQL; `InMemoryDb` through its test hook.
   */
  tamperAudit?: AuditTamperer;
}

export type { AuditTamperer } from './store-conformance/audit-cases.js';

/**
 * Registers the Vitest suite every {@link Store} must pass: migrations, the compare-and-set rules,
 * listing and cursors, the tool-execution journal, concurrent writers, approval records (the pause
 * transaction, filters, resolution with authority and quorum, expiry), the audit chain, the
 * background-hook outbox and traces. `makeStore` must return
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
          await expect(fresh.getApprovals()).rejects.toBeInstanceOf(MigrationRequiredError);
          await expect(fresh.listAudit()).rejects.toBeInstanceOf(MigrationRequiredError);
          await expect(fresh.listTraces()).rejects.toBeInstanceOf(MigrationRequiredError);
          await expect(fresh.pruneTraces({ olderThan: '90d' })).rejects.toBeInstanceOf(
            MigrationRequiredError,
          );
        },
      );
    });

    it('can be closed more than once', async () => {
      await store.close();
      await store.close();
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

    describeListRunsCases(() => store);
    describeClaimCases(() => store, concurrentWriters);
    describeJournalCases(() => store, concurrentWriters);
    describeApprovalCases(() => store);
    describeRunWriteCases(() => store);
    describeApprovalResolutionCases(() => store, options.concurrentResolvers ?? 50);
    describeAuditCases(() => store, concurrentWriters, options.tamperAudit);
    describeSlackMessageCases(() => store);
    describeHookOutboxCases(() => store, concurrentWriters);
    describeTraceCases(() => store);
  });
}
