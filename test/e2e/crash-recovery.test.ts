import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { ensureBuilt } from '../helpers/built-package.js';

const child = path.resolve(import.meta.dirname, '../fixtures/crash-child.mjs');

interface ChildResult {
  outcome: string;
  runId?: string;
  content?: string;
  toolCalls?: { outcome: string; result: unknown }[];
  error?: string;
}

function runChild(args: string[]): { result: ChildResult | null; signal: NodeJS.Signals | null } {
  const outcome = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8', timeout: 30_000 });
  const line = outcome.stdout.trim().split('\n').at(-1) ?? '';
  let result: ChildResult | null = null;
  try {
    result = JSON.parse(line) as ChildResult;
  } catch {
    result = null;
  }
  if (outcome.signal === null && result === null) {
    throw new Error(`child failed: ${outcome.stdout}\n${outcome.stderr}`);
  }
  return { result, signal: outcome.signal };
}

/** Pauses a run, continues it in a process that is killed at `point`, and recovers it in a third. */
async function readLease(dbFile: string, runId: string): Promise<number> {
  const db = new SqliteDb({ dbFile });
  try {
    const stored = await db.getRun(runId);
    expect(stored?.document.status).toBe('running');
    return stored?.leaseUntil ?? 0;
  } finally {
    await db.close();
  }
}

async function crashAndRecover(point: string) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-crash-'));
  const dbFile = path.join(directory, 'runs.db');
  const effects = path.join(directory, 'effects.log');
  const paused = runChild(['pause', dbFile, effects, point]).result;
  expect(paused?.outcome).toBe('paused');
  const runId = paused?.runId as string;
  const crashed = runChild(['crash', dbFile, effects, point, runId]);
  expect(crashed.signal).toBe('SIGKILL');
  // Before the dead claimer's lease (4 s) ends, nobody may take the run over.
  const leaseUntil = await readLease(dbFile, runId);
  if (leaseUntil - Date.now() > 1_500) {
    const early = runChild(['recover', dbFile, effects, point, runId]).result;
    expect(early?.error).toMatch(/RunConflictError/);
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaseUntil - Date.now() + 50)));
  const recovered = runChild(['recover', dbFile, effects, point, runId]).result;
  const lines = fs.readFileSync(effects, 'utf8').trim().split('\n');
  return { recovered, executions: lines.length, keys: new Set(lines.map((line) => line.split(' ')[1])) };
}

describe('recovery of a run whose process died mid-continue (SIGKILL, SQLite file)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('reports a call that died mid-execution as in doubt, never running it again', async () => {
    const { recovered, executions } = await crashAndRecover('during-tool');
    expect(recovered?.outcome).toBe('completed');
    expect(recovered?.toolCalls).toEqual([
      { outcome: 'in_doubt', result: expect.stringMatching(/may or may not have taken effect/) },
    ]);
    expect(executions).toBe(1);
  }, 60_000);

  it('re-runs an idempotent tool with the same idempotency key', async () => {
    const { recovered, executions, keys } = await crashAndRecover('during-tool+idempotent');
    expect(recovered?.outcome).toBe('completed');
    expect(recovered?.content).toBe('Answer: restarted billing');
    expect(executions).toBe(2);
    expect(keys.size).toBe(1);
  }, 60_000);

  it('reuses a committed result when the process died after the call', async () => {
    const { recovered, executions } = await crashAndRecover('after-tool');
    expect(recovered?.outcome).toBe('completed');
    expect(recovered?.content).toBe('Answer: restarted billing');
    expect(recovered?.toolCalls).toEqual([{ outcome: 'executed', result: 'restarted billing' }]);
    expect(executions).toBe(1);
  }, 60_000);
});
