import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-package.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';

// A bounded soak in a child process (node --expose-gc, the built package): concurrent workers
// create runs that pause, continue half of them and leave the other half paused in the db.
// Paused runs live in the database, not in memory: the heap after GC must not grow with them.

const child = path.resolve(import.meta.dirname, '../fixtures/soak-child.mjs');
const DURATION_MS = 8_000;
const WORKERS = 8;
/** Heap growth allowed over the whole soak, whatever the number of runs left paused. */
const HEAP_BOUND_BYTES = 3 * 1024 * 1024;

interface SoakResult {
  created: number;
  completed: number;
  paused: number;
  pausedDuringSample: number;
  storedPausedSample: number;
  errors: number;
  firstErrors: string[];
  heapStart: number;
  heapEnd: number;
  /** [paused runs so far, heap after GC] about every second. */
  samples: [number, number][];
}

async function soak(args: string[]): Promise<SoakResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', child, ...args, String(DURATION_MS), String(WORKERS)],
    { timeout: 60_000, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SoakResult;
}

function report(store: string, result: SoakResult): void {
  const growth = result.heapEnd - result.heapStart;
  console.log(
    `soak ${store}: ${result.created} runs created, ${result.completed} completed, ${result.paused} left paused ` +
      `(${result.pausedDuringSample} while sampling), ${result.errors} errors, heap after GC ` +
      `${(result.heapStart / 1048576).toFixed(1)} -> ${(result.heapEnd / 1048576).toFixed(1)} MiB ` +
      `(${(growth / 1024).toFixed(0)} KiB, ${(growth / Math.max(1, result.pausedDuringSample)).toFixed(0)} B per paused run); ` +
      `samples ${result.samples.map(([paused, heap]) => `${paused}:${(heap / 1048576).toFixed(1)}`).join(' ')}`,
  );
}

function expectFlat(result: SoakResult): void {
  expect(result.firstErrors).toEqual([]);
  expect(result.errors).toBe(0);
  expect(result.pausedDuringSample).toBeGreaterThan(100);
  expect(result.storedPausedSample).toBe(1);
  expect(result.heapEnd - result.heapStart).toBeLessThan(HEAP_BOUND_BYTES);
}

describe('soak: concurrent runs, pauses and continues for a bounded time', () => {
  let directory: string;
  let connectionString: string;
  const schemas: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-soak-'));
    connectionString = await postgresConnectionString();
  }, 120_000);
  afterAll(async () => {
    fs.rmSync(directory, { recursive: true, force: true });
    await dropSchemas(connectionString, schemas);
  });

  it('keeps the heap flat and makes no error on a SQLite file', async () => {
    const result = await soak(['sqlite', path.join(directory, 'soak.db')]);
    report('SQLite', result);
    expectFlat(result);
  }, 60_000);

  it('keeps the heap flat and makes no error on PostgreSQL', async () => {
    const schema = randomSchemaName('countersign_soak');
    schemas.push(schema);
    const result = await soak(['postgres', connectionString, schema]);
    report('PostgreSQL', result);
    expectFlat(result);
  }, 60_000);
});
