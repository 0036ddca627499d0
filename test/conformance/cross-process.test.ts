import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../../src/db/postgres/index.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { Store } from '../../src/db/store.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';

// Several Node processes race on one database: all migrate at once, then for each round all insert
// the same run id and all claim it with the same expected version. Exactly one may win each race.
const root = resolve(import.meta.dirname, '../..');
// Inside node_modules so the compiled files resolve kysely, better-sqlite3 and pg from the package.
const buildDirectory = join(root, 'node_modules/.cache/countersign-cross-process');
const childScript = join(import.meta.dirname, 'cross-process-child.mjs');
const PROCESSES = 4;
const ROUNDS = 5;

interface Attempt {
  label: string;
  kind: 'migrate' | 'insert' | 'claim';
  round: number;
  outcome: 'won' | 'lost';
  version?: number;
  errorName?: string;
  actualStatus?: string;
  message?: string;
}

beforeAll(() => {
  // Compile only the store entry points (not the whole package, which may be mid-edit elsewhere),
  // so the children run the current sources.
  rmSync(buildDirectory, { recursive: true, force: true });
  mkdirSync(buildDirectory, { recursive: true });
  const tsconfig = join(buildDirectory, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        rootDir: join(root, 'src'),
        outDir: buildDirectory,
        declaration: false,
        sourceMap: false,
        noEmit: false,
      },
      include: [],
      files: [join(root, 'src/db/sqlite/index.ts'), join(root, 'src/db/postgres/index.ts')],
    }),
  );
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], {
    cwd: root,
    stdio: 'inherit',
  });
});

async function race(backend: 'sqlite' | 'postgres', target: string, schema: string): Promise<Attempt[]> {
  const startAt = Date.now() + 1_500;
  const outputs = await Promise.all(
    Array.from(
      { length: PROCESSES },
      (_, index) =>
        new Promise<string>((resolvePromise, reject) => {
          const argumentsList = [
            buildDirectory,
            backend,
            target,
            schema,
            `process-${index}`,
            String(startAt),
            String(ROUNDS),
          ];
          execFile(
            process.execPath,
            [childScript, ...argumentsList],
            { timeout: 30_000 },
            (error, stdout, stderr) => {
              if (error) reject(new Error(`child process-${index} failed: ${error.message}\n${stderr}`));
              else resolvePromise(stdout);
            },
          );
        }),
    ),
  );
  return outputs.flatMap((output) =>
    output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Attempt),
  );
}

async function expectOneWinnerPerRace(attempts: Attempt[], store: Store): Promise<void> {
  const migrations = attempts.filter((attempt) => attempt.kind === 'migrate');
  expect(migrations.filter((attempt) => attempt.outcome === 'won')).toHaveLength(PROCESSES);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of ['insert', 'claim'] as const) {
      const contenders = attempts.filter((attempt) => attempt.kind === kind && attempt.round === round);
      expect(contenders).toHaveLength(PROCESSES);
      const winners = contenders.filter((attempt) => attempt.outcome === 'won');
      expect(winners, `${kind} round ${round}: ${JSON.stringify(contenders)}`).toHaveLength(1);
      expect(winners[0]?.version).toBe(kind === 'insert' ? 1 : 2);
      for (const loser of contenders.filter((attempt) => attempt.outcome === 'lost')) {
        expect(loser.errorName, loser.message).toBe('RunConflictError');
        // A slow loser of the insert (a loaded machine) may already see the claim's `running`.
        if (kind === 'insert') expect(['paused', 'running']).toContain(loser.actualStatus);
        else expect(loser.actualStatus).toBe('running');
      }
    }
    const claimWinner = attempts.find(
      (attempt) => attempt.kind === 'claim' && attempt.round === round && attempt.outcome === 'won',
    );
    const stored = await store.getRun(`run_cross_${round}`);
    expect(stored).toMatchObject({ version: 2, leaseOwner: claimWinner?.label });
    expect(stored?.document.status).toBe('running');
  }
}

describe('cross-process compare-and-set', () => {
  const directory = mkdtempSync(join(tmpdir(), 'countersign-cross-'));
  let connectionString: string;
  const schema = randomSchemaName('countersign_cross');

  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    if (connectionString !== undefined) await dropSchemas(connectionString, [schema]);
  });

  it('SQLite: processes sharing one file migrate together and exactly one wins each race', async () => {
    const file = join(directory, 'shared.db');
    const attempts = await race('sqlite', file, '');
    const store = new SqliteDb({ dbFile: file });
    try {
      await expectOneWinnerPerRace(attempts, store);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL: processes sharing one schema migrate together and exactly one wins each race', async () => {
    connectionString = await postgresConnectionString();
    const attempts = await race('postgres', connectionString, schema);
    const store = new PostgresDb({ connectionString, schema });
    try {
      await expectOneWinnerPerRace(attempts, store);
    } finally {
      await store.close();
    }
  });
});
