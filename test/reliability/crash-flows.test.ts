import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-entry.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { StoredRun } from '../../src/db/store.js';
import { ensureBuilt } from '../helpers/built-package.js';
import { cleanEnv, type ServerProcess, startServer } from '../helpers/cli.js';
import { mulberry32 } from './seeded-random.js';

// 200 approval flows against `countersign serve` on a SQLite file, the server killed with SIGKILL
// at seeded random moments (timer kills land anywhere: creating a run before its pause is stored,
// between resolve and continue; watcher kills land right after the tool's side effect, before its
// result is stored) and restarted, until every flow is completed. Then the invariants.

const CONFIG = path.resolve(import.meta.dirname, '../fixtures/reliability-crash.config.mjs');
const FLOWS = Number(process.env.CRASH_FLOWS ?? 200);
const DEBUG = process.env.CRASH_DEBUG === '1';
const CONCURRENCY = 20;
const MAX_KILLS = 20;
const SEED = Number(process.env.CRASH_SEED ?? 20_261_123);
const random = mulberry32(SEED);

let directory: string;
let dbFile: string;
let effectsFile: string;
let server: ServerProcess | null = null;
let restarting: Promise<void> | null = null;
let kills = 0;
const killsBy = { timer: 0, effect: 0 };
let finished = false;

beforeAll(() => {
  ensureBuilt();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-crash-flows-'));
  dbFile = path.join(directory, 'runs.db');
  effectsFile = path.join(directory, 'effects.log');
  fs.writeFileSync(effectsFile, '');
}, 120_000);
afterAll(async () => {
  finished = true;
  await server?.stop('SIGKILL');
  fs.rmSync(directory, { recursive: true, force: true });
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function start(): Promise<void> {
  server = await startServer(['--dev', '--port', '0', '--db', dbFile, '--config', CONFIG], {
    env: cleanEnv({ CRASH_EFFECTS_FILE: effectsFile, CRASH_LEASE_MS: '600' }),
  });
}

/** SIGKILLs the server and starts a new one on the same file (one restart at a time). */
function killAndRestart(trigger: keyof typeof killsBy): void {
  if (restarting !== null || server === null || kills >= MAX_KILLS) return;
  const victim = server;
  server = null;
  kills += 1;
  killsBy[trigger] += 1;
  restarting = (async () => {
    await victim.stop('SIGKILL');
    for (let attempt = 1; ; attempt++) {
      try {
        await start();
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    restarting = null;
  })();
}

/** Kills at seeded random intervals: wherever the flows happen to be. */
async function timerKills(): Promise<void> {
  while (!finished && kills < MAX_KILLS) {
    await sleep(400 + Math.floor(random() * 1_200));
    if (!finished) killAndRestart('timer');
  }
}

/** Kills right after a tool wrote its side effect (the tool sleeps before returning its result). */
async function effectKills(): Promise<void> {
  let size = 0;
  while (!finished && kills < MAX_KILLS) {
    await sleep(3);
    const now = fs.statSync(effectsFile).size;
    if (now > size && random() < 0.1) killAndRestart('effect');
    size = now;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the driver reads arbitrary response fields.
type Json = any;

async function api(
  method: string,
  route: string,
  user: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  while (server === null) await (restarting ?? sleep(20));
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: {
      'x-user-id': user,
      ...(user === 'approver' ? { 'x-user-roles': 'ops' } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

const agentOf = (flow: number) => (flow % 4 === 0 ? 'ops-idempotent' : 'ops');

/** Drives one flow (create, approve, continue, recover) until its run is completed or failed. */
async function driveFlow(flow: number, deadline: number): Promise<void> {
  const userId = `flow-${flow}`;
  const agentId = agentOf(flow);
  while (Date.now() < deadline) {
    try {
      const runs = await api('GET', `/runs?userId=${userId}`, 'approver');
      expect(runs.status).toBe(200);
      expect(runs.body.items.length).toBeLessThanOrEqual(1);
      const run = runs.body.items[0];
      if (DEBUG) console.error(`${Date.now() % 100000} flow ${flow}: ${run?.status ?? 'none'}`);
      if (run === undefined) {
        await api('POST', `/agents/${agentId}/runs`, userId, { message: `transfer for flow ${flow}` });
      } else if (run.status === 'completed' || run.status === 'error' || run.status === 'cancelled') {
        return;
      } else if (run.status === 'paused') {
        const approvalId = run.requirements[0].approvalId as string;
        const record = await api('GET', `/approvals/${approvalId}/status`, 'approver');
        if (record.body.status === 'pending') {
          await api('POST', `/approvals/${approvalId}/resolve`, 'approver', { status: 'approved' });
        } else {
          await api('POST', `/agents/${agentId}/runs/${run.runId}/continue`, userId, { decisions: [] });
        }
      } else {
        // running: in progress here, or left by a killed process until its lease ends.
        const continued = await api('POST', `/agents/${agentId}/runs/${run.runId}/continue`, userId, {
          decisions: [],
        });
        if (DEBUG)
          console.error(
            `flow ${flow} continue -> ${continued.status} ${JSON.stringify(continued.body).slice(0, 200)}`,
          );
        if (continued.status === 409) await sleep(100);
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'AssertionError') throw error;
      await sleep(30); // the server died under the request: ask again once it is back
    }
  }
}

async function readAll<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

it('keeps every approval flow exactly-once through random SIGKILLs and restarts', async () => {
  await start();
  const deadline = Date.now() + 75_000;
  const killers = Promise.all([timerKills(), effectKills()]);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < FLOWS) {
        const flow = next++;
        await driveFlow(flow, deadline);
      }
    }),
  );
  finished = true;
  await killers;
  while (restarting !== null) await restarting;
  expect(await server?.stop('SIGTERM')).toBe(0);
  server = null;

  const db = new SqliteDb({ dbFile });
  try {
    const runs = await readAll<StoredRun>((cursor) =>
      db.listRuns({ limit: 500, ...(cursor ? { cursor } : {}) }),
    );
    const effects = fs.readFileSync(effectsFile, 'utf8').split('\n').filter(Boolean);
    const executions = new Map<string, number>();
    for (const line of effects) executions.set(line, (executions.get(line) ?? 0) + 1);
    const audit = await readAll<AuditEntry>((cursor) =>
      db.listAudit({ limit: 1000, ...(cursor ? { cursor } : {}) }),
    );

    // Exactly one run per flow (a retried create never made a second), each completed.
    expect(runs.length).toBe(FLOWS);
    expect(new Set(runs.map((run) => run.document.userId)).size).toBe(FLOWS);
    expect(
      runs.filter((run) => run.document.status !== 'completed').map((run) => run.document.status),
    ).toEqual([]);

    let inDoubt = 0;
    let duplicates = 0;
    let idempotentReruns = 0;
    for (const run of runs) {
      const { runId, agentId } = run.document;
      const approvals = await db.getApprovals({ runId });
      expect(approvals.items.map((record) => record.status)).toEqual(['approved']);
      const calls = run.document.toolCalls;
      expect(calls).toHaveLength(1);
      const call = calls[0];
      if (call === undefined) continue;
      const key = `${runId}:${call.toolCallId}`;
      const count = executions.get(key) ?? 0;
      const entries = audit.filter((entry) => entry.runId === runId && entry.toolCallId === call.toolCallId);
      const executed = entries.filter((entry) => entry.action === 'tool-executed').length;
      const doubted = entries.filter((entry) => entry.action === 'tool-in-doubt').length;
      if (agentId === 'ops') {
        if (count > 1) duplicates += 1;
        expect(['executed', 'in_doubt']).toContain(call.outcome);
        if (call.outcome === 'in_doubt') {
          // Interrupted mid-execution: reported, not run again (it may or may not have happened).
          inDoubt += 1;
          expect(count).toBeLessThanOrEqual(1);
          expect([executed, doubted]).toEqual([0, 1]);
        } else {
          expect(count).toBe(1);
          expect([executed, doubted]).toEqual([1, 0]);
        }
      } else {
        // Idempotent: an interrupted call runs again with the same key, and completes.
        expect(call.outcome).toBe('executed');
        expect(count).toBeGreaterThanOrEqual(1);
        if (count > 1) idempotentReruns += 1;
        expect([executed, doubted]).toEqual([1, 0]);
      }
    }
    // No side effect without a run and an approved record.
    const runIds = new Set(runs.map((run) => run.document.runId));
    expect(effects.filter((line) => !runIds.has(line.split(':')[0] as string))).toEqual([]);
    expect((await db.verifyAuditLog()).ok).toBe(true);
    expect(duplicates).toBe(0);
    expect(kills).toBeGreaterThan(0);
    console.log(
      `crash-flows seed=${SEED}: ${kills} kills (${killsBy.timer} at random times, ${killsBy.effect} inside a tool call), ${runs.length} flows completed, ${inDoubt} in-doubt calls, ` +
        `${idempotentReruns} idempotent re-runs, ${duplicates} duplicate executions, ${effects.length} side effects`,
    );
  } finally {
    await db.close();
  }
}, 120_000);
