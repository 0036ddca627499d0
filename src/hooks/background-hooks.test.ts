import { describe, expect, it } from 'vitest';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import type { RunEvent } from '../run/run-events.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { hook } from './hook.js';

const model = () => new ScriptedModel(() => ({ text: 'Done.' }));

describe('background hooks', () => {
  it('let the caller have the response before the hook runs; flushBackgroundHooks waits for it', async () => {
    const db = new InMemoryDb();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const written: string[] = [];
    const auditLog = hook({ runInBackground: true }, async function auditLog({ runOutput, agent, userId }) {
      await gate;
      written.push(`${agent.id}:${userId}:${runOutput.content}`);
    });
    const agent = new Agent({ id: 'ops', model: model(), db, postHooks: [auditLog] });
    const run = await agent.run('restart billing', { userId: 'u1' });
    expect(run.content).toBe('Done.');
    expect(written).toEqual([]);
    expect(await db.listHookJobs({ runId: run.runId })).toMatchObject([
      { hookName: 'auditLog', agentId: 'ops' },
    ]);
    release();
    const summary = await agent.flushBackgroundHooks();
    expect(written).toEqual(['ops:u1:Done.']);
    expect(summary).toMatchObject({ pending: 0, unknown: 0 });
    expect(await db.listHookJobs({ runId: run.runId })).toMatchObject([{ status: 'completed', attempts: 1 }]);
  });

  it('retry a failing hook with backoff, report each failure, and keep the last error once it gives up', async () => {
    const db = new InMemoryDb();
    const events: RunEvent[] = [];
    let calls = 0;
    const flaky = hook({ runInBackground: true, name: 'flaky' }, () => {
      calls++;
      if (calls < 3) throw new Error(`audit store down (${calls})`);
    });
    const hopeless = hook({ runInBackground: true, name: 'hopeless', maxAttempts: 2 }, () => {
      throw new Error('webhook answered 500');
    });
    const agent = new Agent({
      id: 'ops',
      model: model(),
      db,
      postHooks: [flaky, hopeless],
      backgroundHooks: { retryDelaysMs: [5, 10], onEvent: (event) => events.push(event) },
    });
    const run = await agent.run('go');
    await agent.flushBackgroundHooks({ timeoutMs: 5_000 });
    expect(calls).toBe(3);
    const jobs = await db.listHookJobs({ runId: run.runId });
    expect(jobs.find((job) => job.hookName === 'flaky')).toMatchObject({ status: 'completed', attempts: 3 });
    expect(jobs.find((job) => job.hookName === 'hopeless')).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'webhook answered 500',
    });
    const failures = events.filter((event) => event.type === 'hook-failed');
    expect(failures).toContainEqual(
      expect.objectContaining({ hookName: 'flaky', stage: 'background', attempt: 1, willRetry: true }),
    );
    expect(failures).toContainEqual(
      expect.objectContaining({
        hookName: 'hopeless',
        attempt: 2,
        willRetry: false,
        error: expect.objectContaining({ message: 'webhook answered 500' }),
      }),
    );
  });

  it('leave a job for an unknown hook queued and report it once', async () => {
    const db = new InMemoryDb();
    const events: RunEvent[] = [];
    const agent = new Agent({
      id: 'ops',
      model: model(),
      db,
      postHooks: [hook({ runInBackground: true, name: 'audit' }, () => undefined)],
      backgroundHooks: { onEvent: (event) => events.push(event) },
    });
    await db.enqueueHookJobs([
      {
        id: 'job-1',
        hookName: 'removed_hook',
        agentId: 'ops',
        runId: 'run-1',
        payload: {},
        maxAttempts: 3,
        runAfter: 0,
        createdAt: 0,
      },
    ]);
    expect(await agent.flushBackgroundHooks()).toMatchObject({ unknown: 1, pending: 0 });
    await agent.flushBackgroundHooks();
    expect(events).toEqual([
      expect.objectContaining({ type: 'hook-failed', hookName: 'removed_hook', runId: 'run-1' }),
    ]);
    expect(await db.listHookJobs({ status: 'pending' })).toMatchObject([{ id: 'job-1' }]);
  });

  it('enqueue nothing when an output guardrail fails the run', async () => {
    const db = new InMemoryDb();
    const agent = new Agent({
      model: model(),
      db,
      postHooks: [
        hook({ runInBackground: true, name: 'audit' }, () => undefined),
        () => {
          throw new Error('post-hook failed');
        },
      ],
    });
    await expect(agent.run('go')).rejects.toThrow('post-hook failed');
    expect(await db.listHookJobs()).toEqual([]);
  });
});
