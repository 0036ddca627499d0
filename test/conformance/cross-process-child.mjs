// A child process of cross-process.test.ts: opens the store from the compiled sources, waits for
// the shared start time, migrates (all children at once), then races the other children on each
// round's run: first an insert of the same id, then a compare-and-set with the same expected
// version. Prints one JSON line per attempt.
// Usage: node cross-process-child.mjs <build-directory> <sqlite|postgres> <file|connection-string> <schema> <label> <start-ms> <rounds>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [buildDirectory, backend, target, schema, label, startText, roundsText] = process.argv.slice(2);
const startAt = Number(startText);
const rounds = Number(roundsText);
const load = (path) => import(pathToFileURL(join(buildDirectory, path)).href);

const db =
  backend === 'sqlite'
    ? new (await load('db/sqlite/index.js')).SqliteDb({ dbFile: target })
    : new (await load('db/postgres/index.js')).PostgresDb({ connectionString: target, schema });

function waitUntil(time) {
  // Sleep most of the way, then spin, so every child fires within a fraction of a millisecond.
  return new Promise((resolve) => {
    const spin = () => {
      while (Date.now() < time) {}
      resolve();
    };
    const remaining = time - Date.now() - 5;
    if (remaining > 0) setTimeout(spin, remaining);
    else spin();
  });
}

async function attempt(kind, round, body) {
  try {
    const version = await body();
    console.log(JSON.stringify({ label, kind, round, outcome: 'won', version }));
  } catch (error) {
    console.log(
      JSON.stringify({
        label,
        kind,
        round,
        outcome: 'lost',
        errorName: error?.name,
        actualStatus: error?.actualStatus,
        message: error?.message,
      }),
    );
  }
}

const now = Math.floor(Date.now() / 1000);
const document = (runId, status) => ({
  v: 1,
  runId,
  agentId: 'cross-process',
  sessionId: 'session-1',
  status,
  input: 'Restart the billing service',
  messages: [],
  step: 1,
  usage: { requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  requirements: [],
  pendingResults: [],
  toolCalls: [],
  content: `written by ${label}`,
  createdAt: now,
  updatedAt: now,
});

await waitUntil(startAt);
await attempt('migrate', 0, async () => {
  await db.migrate();
  return 0;
});
for (let round = 0; round < rounds; round += 1) {
  const runId = `run_cross_${round}`;
  await waitUntil(startAt + 2_000 + round * 300);
  await attempt('insert', round, () => db.saveRun(document(runId, 'paused'), { expectedVersion: null }));
  await waitUntil(startAt + 2_000 + round * 300 + 150);
  await attempt('claim', round, () =>
    db.saveRun(document(runId, 'running'), {
      expectedVersion: 1,
      expectedStatus: 'paused',
      lease: { owner: label, until: Date.now() + 60_000 },
    }),
  );
}
await db.close();
