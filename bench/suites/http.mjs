// Suite "http": the AgentOS over HTTP on loopback under concurrent load, on a SQLite file and on
// PostgreSQL. A real `AgentOS.serve({ port: 0 })` (dev mode, the demo helpdesk agent on its
// offline model; on PostgreSQL sharing its events with other instances, as it does by default)
// is loaded from a worker thread (bench/lib/http-load-worker.mjs: node:http, keep-alive sockets):
//   list:              GET /approvals?status=pending&limit=50 (the inbox), closed loop of 64 connections;
//   resolve alone:     POST /approvals/{id}/resolve { status: 'approved', continue: false }, 64 connections;
//   resolve + resume:  the same with continue: true: resolve one record (compare-and-set + audit
//                      entry) and resume its run to completion (claim, the refund tool, a model
//                      turn, the completion write); each request a distinct record of a distinct run;
//   paced:             resolve + resume as an open loop at half the closed loop's throughput;
//   not shared:        (PostgreSQL) resolve + resume on a second AgentOS with shareEvents: false.
// A closed loop keeps one request in flight per connection (autocannon -c), so its mean latency
// is connections / throughput. Before each closed-loop phase, a warm-up round (not counted).
// The goal of shared/docs/performance.md, HTTP resolve p99 < 20 ms under 64 connections on
// SQLite, is checked on both closed-loop resolve phases; it asks for about 3,200 resolves a second.
// It loads the built package (dist/), so run `npm run build` first (`npm run bench` does).
//
//   node bench/run.mjs --suite http [--quick] [--resolves 4000] [--lists 6000] [--connections 64]
//     [--backends sqlite,postgres]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseBackendArguments, postgresConnectionString, runOnBackends } from '../lib/backends.mjs';
import { makeCheck } from '../lib/checks.mjs';
import { formatNumber } from '../lib/format.mjs';

const GOALS = { sqliteResolveP99Ms: 20 };
const DEFAULTS = { resolves: 4_000, lists: 6_000, connections: 64, backends: ['sqlite', 'postgres'] };
const QUICK = { resolves: 1_000, lists: 2_000 };
/** Warm-up requests before each measured phase, as a share of the measured ones (at least 200). */
const WARMUP_SHARE = 0.1;
/** PostgreSQL answers each statement over a socket: fewer resolves keep the suite short. */
const POSTGRES_SHARE = 0.25;
/** Requests of the paced (open-loop) resolve phase, as a share of the measured closed-loop ones. */
const PACED_SHARE = 0.5;
/** Paused runs seeded at once. */
const SEED_CONCURRENCY = 8;
const APPROVER_HEADERS = { 'x-user-id': 'bob', 'x-user-roles': 'finance' };
const INBOX_PATH = '/approvals?status=pending&limit=50';
const silentLogger = { info() {}, warn() {}, error() {} };

function parseArguments(suiteArguments) {
  return parseBackendArguments('http', suiteArguments, ['resolves', 'lists', 'connections']);
}

/** A load generator in a worker thread; `run(phase)` resolves with the phase's figures. */
function startLoadGenerator(url, connections) {
  const worker = new Worker(new URL('../lib/http-load-worker.mjs', import.meta.url), {
    workerData: { url, connections },
  });
  let pending;
  worker.on('message', (message) => {
    const settle = pending;
    pending = undefined;
    if (message.ok) settle?.resolve(message.result);
    else settle?.reject(new Error(message.error));
  });
  worker.on('error', (error) => pending?.reject(error));
  return {
    run: (phase) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(phase);
      }),
    close: async () => {
      worker.postMessage({ kind: 'close' });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** Pauses `count` refund runs of the demo agent (each waits for a finance approval); their record ids. */
async function seedPausedRuns(agent, count) {
  const ids = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < count) {
        const index = next++;
        const run = await agent.run(`refund $${200 + (index % 700)} to ACME-${index}`, { userId: 'alice' });
        const approvalId = run.activeRequirements[0]?.approvalId;
        if (run.status !== 'paused' || !approvalId) {
          throw new Error(`seeding: run ${index} ended ${run.status} instead of waiting for an approval`);
        }
        ids.push(approvalId);
      }
    }),
  );
  return ids;
}

async function measureBackend(kind, db, dist, settings, log) {
  const { AgentOS, createDemoAgent } = dist;
  await db.migrate();
  const agent = createDemoAgent({ db });
  const server = new AgentOS({ agents: [agent], db, dev: true, logger: silentLogger, expirySweepMs: 0 });
  const resolves =
    kind === 'postgres' ? Math.max(200, Math.round(settings.resolves * POSTGRES_SHARE)) : settings.resolves;
  const warmupResolves = Math.max(200, Math.round(resolves * WARMUP_SHARE));
  const warmupLists = Math.max(200, Math.round(settings.lists * WARMUP_SHARE));
  const pacedResolves = Math.max(200, Math.round(resolves * PACED_SHARE));
  const seedStarted = Date.now();
  // Each resolve phase (with and without the resume, with its warm-up; the paced one; on
  // PostgreSQL the one without event sharing) takes distinct runs.
  const half = resolves + warmupResolves;
  const shares = kind === 'postgres';
  const ids = await seedPausedRuns(agent, (shares ? 3 : 2) * half + pacedResolves);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  log(`${kind}: seeded ${formatNumber(ids.length)} paused runs in ${formatNumber(seedSeconds, 1)} s`);
  const { url } = await server.serve({ port: 0 });
  const load = startLoadGenerator(url, settings.connections);
  const report = (label, phase) =>
    log(
      `${kind}: ${label} ${formatNumber(phase.perSecond)}/s, p50 ${formatNumber(phase.p50Ms, 2)} ms, p99 ${formatNumber(phase.p99Ms, 2)} ms` +
        (phase.failureCount ? `; ${phase.failureCount} failed: ${phase.failures[0]}` : ''),
    );
  const resolvePhase = async (resume, batch) => {
    const headers = APPROVER_HEADERS;
    await load.run({ kind: 'resolve', resume, headers, ids: batch.slice(0, warmupResolves) });
    return load.run({ kind: 'resolve', resume, headers, ids: batch.slice(warmupResolves) });
  };
  try {
    const listPhase = { kind: 'list', path: INBOX_PATH, headers: APPROVER_HEADERS };
    await load.run({ ...listPhase, count: warmupLists });
    const list = await load.run({ ...listPhase, count: settings.lists });
    report('list', list);
    const resolveOnly = await resolvePhase(false, ids.slice(0, half));
    report('resolve (continue: false)', resolveOnly);
    const resolve = await resolvePhase(true, ids.slice(half, 2 * half));
    report('resolve + resume', resolve);
    // The same at half the throughput just measured: the latency an approver sees when the
    // server is busy but keeps up, without the queue a saturating closed loop builds.
    const resolvePaced = await load.run({
      kind: 'resolve',
      resume: true,
      headers: APPROVER_HEADERS,
      ids: ids.slice(2 * half, 2 * half + pacedResolves),
      ratePerSecond: resolve.perSecond / 2,
    });
    report(`resolve + resume at ${formatNumber(resolvePaced.ratePerSecond)}/s`, resolvePaced);
    // What sharing events with other instances (a NOTIFY per event-loop turn) costs: the same
    // closed loop on a second instance of the same store that does not share them.
    const resolveUnshared = shares
      ? await measureUnshared(
          dist,
          agent,
          db,
          settings.connections,
          ids.slice(2 * half + pacedResolves),
          warmupResolves,
        )
      : null;
    if (resolveUnshared) report('resolve + resume, events not shared', resolveUnshared);
    // What the requests left in the store: every record decided, and each resumed run completed.
    const completed = await countRuns(db, 'completed');
    const pending = await db.countApprovals({ status: 'pending' });
    return {
      backend: kind,
      connections: settings.connections,
      seeded: ids.length,
      seedSeconds,
      list,
      resolveOnly,
      resolve,
      resolvePaced,
      resolveUnshared,
      resumedRuns: (shares ? 2 : 1) * half + pacedResolves,
      completedRuns: completed,
      pendingLeft: pending,
    };
  } finally {
    await load.close();
    await server.close();
  }
}

/** Resolve + resume, closed loop, on an AgentOS of the same store that does not share its events. */
async function measureUnshared(dist, agent, db, connections, ids, warmup) {
  const server = new dist.AgentOS({
    agents: [agent],
    db,
    dev: true,
    logger: silentLogger,
    expirySweepMs: 0,
    shareEvents: false,
  });
  const { url } = await server.serve({ port: 0 });
  const load = startLoadGenerator(url, connections);
  try {
    const phase = { kind: 'resolve', resume: true, headers: APPROVER_HEADERS };
    await load.run({ ...phase, ids: ids.slice(0, warmup) });
    return await load.run({ ...phase, ids: ids.slice(warmup) });
  } finally {
    await load.close();
    await server.close();
  }
}

async function countRuns(db, status) {
  let count = 0;
  let cursor;
  do {
    const page = await db.listRuns({ status, limit: 500, ...(cursor ? { cursor } : {}) });
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

async function loadDist(repositoryRoot) {
  const load = (entry) => import(pathToFileURL(path.join(repositoryRoot, 'dist', entry)).href);
  const server = await load('server/index.js');
  return {
    AgentOS: server.AgentOS,
    createDemoAgent: server.createDemoAgent,
    SqliteDb: (await load('db/sqlite/index.js')).SqliteDb,
    PostgresDb: (await load('db/postgres/index.js')).PostgresDb,
  };
}

async function runSqlite(dist, settings, log) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-bench-http-'));
  const db = new dist.SqliteDb({ dbFile: path.join(directory, 'http.db') });
  try {
    return await measureBackend('sqlite', db, dist, settings, log);
  } finally {
    await db.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function runPostgres(dist, settings, log) {
  const { connectionString, pg } = await postgresConnectionString();
  const schema = `countersign_bench_http_${randomBytes(6).toString('hex')}`;
  const db = new dist.PostgresDb({ connectionString, schema, maxConnections: 20 });
  try {
    return await measureBackend('postgres', db, dist, settings, log);
  } finally {
    await db.close();
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await client.end();
  }
}

function checksFor(kind, results, required) {
  const absent = results ? {} : { missing: `${kind} was not measured`, required };
  const failed = results
    ? results.resolve.failureCount +
      results.resolveOnly.failureCount +
      results.resolvePaced.failureCount +
      (results.resolveUnshared?.failureCount ?? 0) +
      results.list.failureCount
    : 0;
  const checks = [
    makeCheck({
      name: `${kind}: every request answered as expected; each resumed run completed, no record left pending`,
      value:
        results && failed === 0 && results.pendingLeft === 0 && results.completedRuns === results.resumedRuns,
      operator: '==',
      target: true,
      unit: '',
      detail:
        results &&
        `${formatNumber(results.completedRuns)} of ${formatNumber(results.resumedRuns)} resumed runs completed, ${results.pendingLeft} records left pending, ${failed} failed requests`,
      ...absent,
    }),
  ];
  if (kind === 'sqlite') {
    const connections = results?.connections ?? DEFAULTS.connections;
    for (const [key, label] of [
      ['resolve', 'resolve + resume (continue: true)'],
      ['resolveOnly', 'resolve alone (continue: false)'],
    ]) {
      const phase = results?.[key];
      checks.push(
        makeCheck({
          name: `sqlite: HTTP ${label} p99 under ${connections} connections`,
          value: phase?.p99Ms,
          operator: '<=',
          target: GOALS.sqliteResolveP99Ms,
          unit: 'ms',
          detail:
            phase &&
            `${formatNumber(phase.perSecond)}/s, p50 ${formatNumber(phase.p50Ms, 2)} ms (a closed loop of ${connections} needs ${formatNumber((connections * 1000) / GOALS.sqliteResolveP99Ms)}/s or more for this goal)` +
              (key === 'resolve'
                ? `; paced at ${formatNumber(results.resolvePaced.ratePerSecond)}/s: p50 ${formatNumber(results.resolvePaced.p50Ms, 2)} ms, p99 ${formatNumber(results.resolvePaced.p99Ms, 2)} ms`
                : ''),
          ...absent,
        }),
      );
    }
  }
  return checks;
}

function tableFor(measured) {
  const perSecond = (phase) => formatNumber(phase.perSecond);
  const latency = (phase) =>
    `${formatNumber(phase.p50Ms, 2)} / ${formatNumber(phase.p99Ms, 2)} / ${formatNumber(phase.maxMs, 1)}`;
  const row = (label, pick) => [label, ...measured.map((results) => pick(results))];
  return [
    {
      title: `HTTP under ${measured[0].connections} connections (loopback, keep-alive)`,
      note: 'A closed loop: each connection sends its next request when the previous answer is read, so the mean latency is connections / throughput. Resolve + resume: resolve one record of a paused run and resume that run to completion (continue: true); resolve alone: the compare-and-set with its audit entry (continue: false). List: the first page of pending records (limit 50). Latency p50 / p99 / max in ms, measured by the client (a worker thread of the same process). On PostgreSQL the instance also shares every event through NOTIFY.',
      columns: [
        { label: 'Figure' },
        ...measured.map((results) => ({ label: results.backend, align: 'right' })),
      ],
      rows: [
        row('resolve + resume, requests/s', (results) => perSecond(results.resolve)),
        row('resolve + resume, p50 / p99 / max (ms)', (results) => latency(results.resolve)),
        row(
          'resolve + resume paced at half that rate (open loop): rate/s, p50 / p99 / max (ms)',
          (results) =>
            `${formatNumber(results.resolvePaced.ratePerSecond)}; ${latency(results.resolvePaced)}`,
        ),
        row('resolve + resume, events not shared with other instances, requests/s', (results) =>
          results.resolveUnshared ? perSecond(results.resolveUnshared) : 'n/a (single process)',
        ),
        row('resolve alone, requests/s', (results) => perSecond(results.resolveOnly)),
        row('resolve alone, p50 / p99 / max (ms)', (results) => latency(results.resolveOnly)),
        row('list pending (50 a page), requests/s', (results) => perSecond(results.list)),
        row('list pending, p50 / p99 / max (ms)', (results) => latency(results.list)),
        row(
          'measured requests: resolve + resume, resolve alone, list',
          (results) =>
            `${formatNumber(results.resolve.count)}, ${formatNumber(results.resolveOnly.count)}, ${formatNumber(results.list.count)}`,
        ),
        row('paused runs seeded (in-process, 8 at once), per second', (results) =>
          formatNumber(results.seeded / results.seedSeconds),
        ),
      ],
    },
  ];
}

export default {
  name: 'http',
  description:
    'the AgentOS over HTTP under 64 connections: resolve (+ resume) and inbox list, SQLite and PostgreSQL',
  parseArguments,

  async run({ repositoryRoot, quick, options, suiteArguments, log }) {
    const settings = { ...DEFAULTS, ...(quick ? QUICK : {}), ...(options ?? parseArguments(suiteArguments)) };
    const dist = await loadDist(repositoryRoot);
    return runOnBackends({
      name: 'http',
      settings,
      log,
      measure: (backend, sizes) =>
        backend === 'sqlite' ? runSqlite(dist, sizes, log) : runPostgres(dist, sizes, log),
      checksFor,
      tableFor,
    });
  },
};
