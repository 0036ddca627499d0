import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-package.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';

const child = path.resolve(import.meta.dirname, '../fixtures/continue-child.mjs');

interface ChildResult {
  outcome: string;
  runId?: string;
  content?: string;
  error?: string;
}

interface Child {
  ready: Promise<void>;
  go(): void;
  result: Promise<ChildResult>;
}

function startChild(args: string[]): Child {
  const process_ = spawn(process.execPath, [child, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const result = new Promise<ChildResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready\n')) markReady();
    });
    process_.stderr.on('data', (chunk) => (stderr += chunk));
    process_.on('error', reject);
    process_.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`child exited ${code} without a result: ${stdout}\n${stderr}`));
      }
      markReady();
    });
  });
  return { ready, result, go: () => process_.stdin.end('go\n') };
}

function runChild(args: string[]): Promise<ChildResult> {
  const started = startChild(args);
  started.go();
  return started.result;
}

let directory: string;
let connectionString: string;
const schemas: string[] = [];
beforeAll(async () => {
  ensureBuilt();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-xproc-'));
  connectionString = await postgresConnectionString();
});
afterAll(async () => {
  fs.rmSync(directory, { recursive: true, force: true });
  await dropSchemas(connectionString, schemas);
});

function targets(): [string, () => string][] {
  return [
    ['SQLite file', () => `sqlite:${path.join(directory, `runs-${Math.random().toString(36).slice(2)}.db`)}`],
    [
      'PostgreSQL',
      () => {
        const schema = randomSchemaName('xproc');
        schemas.push(schema);
        return `postgres:${connectionString}#${schema}`;
      },
    ],
  ];
}

describe.each(targets())('across processes on %s', (_name, makeTarget) => {
  it('pauses in one process and continues in a fresh one', async () => {
    const target = makeTarget();
    const effects = path.join(directory, `effects-${Math.random().toString(36).slice(2)}`);
    const paused = await runChild(['pause', target, effects]);
    expect(paused).toMatchObject({ outcome: 'paused' });
    expect(fs.existsSync(effects)).toBe(false);
    const done = await runChild(['continue', target, effects, paused.runId ?? '']);
    expect(done).toEqual({ outcome: 'completed', content: 'Done.' });
    expect(fs.readFileSync(effects, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('lets exactly one of four racing processes execute the approved call', async () => {
    const target = makeTarget();
    const effects = path.join(directory, `effects-${Math.random().toString(36).slice(2)}`);
    const paused = await runChild(['pause', target, effects]);
    // Every child loads the paused run and confirms it, then all are released at once.
    const children = Array.from({ length: 4 }, () =>
      startChild(['continue', target, effects, paused.runId ?? '', 'barrier']),
    );
    await Promise.all(children.map((started) => started.ready));
    for (const started of children) started.go();
    const results = await Promise.all(children.map((started) => started.result));
    const outcomes = results.map((result) => result.outcome).sort();
    expect(outcomes, JSON.stringify(results)).toEqual(['completed', 'conflict', 'conflict', 'conflict']);
    const lines = fs.readFileSync(effects, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${paused.runId}:call_0_0`);
  });
});
