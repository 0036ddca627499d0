import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { hook } from '../../src/hooks/hook.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';

const directory = mkdtempSync(join(tmpdir(), 'countersign-hooks-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** An agent whose background audit hook counts its calls in `calls`. */
function auditedAgent(db: SqliteDb, calls: string[], label: string): Agent {
  const auditLog = hook({ runInBackground: true, name: 'audit_log' }, async ({ runOutput }) => {
    calls.push(`${label}:${runOutput.runId}`);
  });
  return new Agent({
    id: 'ops',
    model: new ScriptedModel(() => ({ text: 'Done.' })),
    db,
    postHooks: [auditLog],
  });
}

describe('background hooks survive a crash', () => {
  it('run a job enqueued by a process that died before running it exactly once, in the next process', async () => {
    const file = join(directory, 'crash-before-run.db');
    const first = new SqliteDb({ dbFile: file });
    await first.migrate();
    const firstCalls: string[] = [];
    const run = await auditedAgent(first, firstCalls, 'first').run('restart billing');
    // The process dies right after answering: its worker never gets to the job.
    await first.close();
    expect(firstCalls).toEqual([]);

    const second = new SqliteDb({ dbFile: file });
    const calls: string[] = [];
    const restarted = auditedAgent(second, calls, 'second');
    expect(await second.listHookJobs({ runId: run.runId })).toMatchObject([
      { status: 'pending', attempts: 0 },
    ]);
    await restarted.flushBackgroundHooks();
    await restarted.flushBackgroundHooks();
    expect(calls).toEqual([`second:${run.runId}`]);
    expect(await second.listHookJobs({ runId: run.runId })).toMatchObject([
      { status: 'completed', attempts: 1 },
    ]);
    await second.close();
  });

  it('run again a job whose worker died while running it, once its lease ended', async () => {
    const file = join(directory, 'crash-while-running.db');
    const db = new SqliteDb({ dbFile: file });
    await db.migrate();
    const calls: string[] = [];
    const agent = auditedAgent(db, calls, 'new');
    const runId = 'run-of-a-dead-process';
    await db.enqueueHookJobs([
      {
        id: 'job-1',
        hookName: 'audit_log',
        agentId: 'ops',
        runId,
        payload: {},
        maxAttempts: 5,
        runAfter: 0,
        createdAt: 0,
      },
    ]);
    // A worker claimed it with a short lease and died.
    await db.claimHookJobs({ owner: 'dead-worker', now: Date.now(), leaseMs: 30, limit: 1, agentId: 'ops' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    const summary = await agent.flushBackgroundHooks({ timeoutMs: 300 });
    // The run is unknown here, so the hook cannot be called: the attempt fails and is retried later.
    expect(summary.failedAttempts).toBeGreaterThanOrEqual(1);
    expect(await db.listHookJobs()).toMatchObject([
      { id: 'job-1', attempts: 2, lastError: `run ${runId} is not in the store` },
    ]);
    expect(calls).toEqual([]);
    await db.close();
  });
});
