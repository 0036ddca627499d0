// Micro-benchmark of the SQLite store's hot path (not a test): getRun + a compare-and-set saveRun
// on a file database, with a run document of about 3.7 KB (the size of a paused run in the shared
// peer benchmark). Usage: `npm run build && node scripts/bench-sqlite-store.mjs [dist-directory]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const distDirectory = resolve(process.argv[2] ?? 'dist');
const { SqliteDb } = await import(pathToFileURL(join(distDirectory, 'db/sqlite/index.js')).href);
const directory = mkdtempSync(join(tmpdir(), 'countersign-bench-'));
const db = new SqliteDb({ dbFile: join(directory, 'bench.db') });
await db.migrate();

const now = Math.floor(Date.now() / 1000);
const document = {
  v: 1,
  runId: 'run_bench',
  agentId: 'ops',
  sessionId: 'session_1',
  userId: 'user_1',
  status: 'paused',
  input: 'Restart the billing service',
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Restart the billing service' }] },
    {
      role: 'assistant',
      content: [
        {
          type: 'tool-call',
          toolCallId: 'call_1',
          toolName: 'restart_service',
          input: { service: 'billing' },
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
      toolArgs: { service: 'billing' },
      toolCallId: 'call_1',
      createdAt: now,
    },
  ],
  pendingResults: [],
  toolCalls: [],
  content: 'Confirm restart_service to continue.',
  metadata: {
    notes: Array.from({ length: 60 }, (_, index) => ({ index, text: `note ${index} ${'x'.repeat(20)}` })),
  },
  createdAt: now,
  updatedAt: now,
};
await db.saveRun(document, { expectedVersion: null });

async function measure(label, iterations, body) {
  for (let index = 0; index < 2_000; index += 1) await body();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) await body();
  const micros = Number(process.hrtime.bigint() - started) / 1_000 / iterations;
  console.log(`${label}: ${micros.toFixed(1)} µs`);
  return micros;
}

const get = db.database.prepare(
  'select id, document, version, lease_owner, lease_until, created_at from countersign_runs where id = ?',
);
const update = db.database.prepare(
  'update countersign_runs set status = ?, version = version + 1, document = ?, updated_at = ? where id = ? and version = ?',
);

for (const [size, metadata] of [
  ['3.8 KB', document.metadata],
  ['0.5 KB', undefined],
]) {
  const runId = `run_${size}`;
  const sized = { ...document, runId, metadata };
  console.log(`\ndocument of ${JSON.stringify(sized).length} bytes of JSON`);
  await db.saveRun(sized, { expectedVersion: null });
  const store = [];
  const floor = [];
  for (let round = 0; round < 3; round += 1) {
    store.push(
      await measure('  store: getRun + saveRun (CAS update)', 20_000, async () => {
        const stored = await db.getRun(runId);
        await db.saveRun(stored.document, { expectedVersion: stored.version });
      }),
    );
    // The same SQL and JSON work on raw better-sqlite3: what the store costs on top of SQLite itself.
    floor.push(
      await measure('  floor: raw select + JSON.parse + JSON.stringify + update', 20_000, async () => {
        const row = get.get(runId);
        const parsed = JSON.parse(row.document);
        update.run(parsed.status, JSON.stringify(parsed), now, runId, row.version);
      }),
    );
  }
  const median = (values) => values.sort((left, right) => left - right)[1];
  console.log(
    `  median: store ${median(store).toFixed(1)} µs, floor ${median(floor).toFixed(1)} µs, ` +
      `store overhead ${(median(store) - median(floor)).toFixed(1)} µs`,
  );
}

let call = 0;
await measure('\nbeginToolExecution + completeToolExecution', 20_000, async () => {
  call += 1;
  const entry = { runId: 'run_bench', toolCallId: `call_${call}`, toolName: 'restart_service' };
  await db.beginToolExecution({ ...entry, startedAt: Date.now() });
  await db.completeToolExecution({ ...entry, result: { ok: true }, isError: false, completedAt: Date.now() });
});
await db.close();
rmSync(directory, { recursive: true, force: true });
