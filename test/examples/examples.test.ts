import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-package.js';

const root = path.resolve(import.meta.dirname, '../..');
const examples = readdirSync(path.join(root, 'examples'))
  .filter((name) => /^\d{2}-[a-z0-9-]+\.ts$/.test(name))
  .sort();

interface ExampleResult {
  name: string;
  passed: boolean;
  exitCode: number | null;
  output: string;
}

/**
 * Every example is a program that asserts what its scenario promises and exits non-zero
 * otherwise. The runner runs them all (on their scripted models, whatever COUNTERSIGN_MODEL
 * says), and each example is one test here, failing with the example's output.
 */
describe('examples', () => {
  let results = new Map<string, ExampleResult>();

  beforeAll(async () => {
    ensureBuilt();
    const run = await promisify(execFile)(
      process.execPath,
      [path.join(root, 'scripts/run-examples.mjs'), '--json'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(run.stdout) as { results: ExampleResult[] };
    results = new Map(report.results.map((result) => [result.name, result]));
  }, 180_000);

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(14);
  });

  it.each(examples)('%s behaves as its scenario says', (name) => {
    const result = results.get(name);
    expect(result, `the runner did not report ${name}`).toBeDefined();
    expect(result?.passed, `${name} exited with ${result?.exitCode}:\n${result?.output}`).toBe(true);
  });
});
