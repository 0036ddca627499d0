// Runs every example (examples/NN-name.ts) with Node and reports pass or fail for each; exits
// non-zero when any fails. An example passes when it exits 0: each asserts what its scenario
// promises, so a broken framework fails here. Node 20 cannot run TypeScript, so the examples are
// first transpiled once with the `typescript` package (types stripped, nothing type-checked:
// `npm run typecheck` does that) into a temporary folder inside examples/, where `countersign`
// still resolves to this package; the examples import the built package, so dist/ is built first
// when it is missing.
//
//   node scripts/run-examples.mjs                   all examples, on their scripted models
//   node scripts/run-examples.mjs 02 team           only those whose file name contains 02 or team
//   node scripts/run-examples.mjs --verbose         print every example's output, not only failures'
//   node scripts/run-examples.mjs --json            one JSON report on stdout (for test/examples)
//   node scripts/run-examples.mjs --live            keep COUNTERSIGN_MODEL (run on a real model)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const TIMEOUT_MS = 60_000;

const args = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('--')));
const filters = args.filter((arg) => !arg.startsWith('--'));
const json = flags.has('--json');
const verbose = flags.has('--verbose');
const live = flags.has('--live');
const log = json ? () => {} : (line) => process.stdout.write(`${line}\n`);

const examples = readdirSync(examplesDir)
  .filter((name) => /^\d{2}-[a-z0-9-]+\.ts$/.test(name))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (examples.length === 0) {
  console.error(`No example in examples/ matches ${filters.join(', ') || 'NN-name.ts'}.`);
  process.exit(1);
}

if (!existsSync(join(root, 'dist/index.js'))) {
  log('dist/ is missing; building the package first ...');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: json ? 'ignore' : 'inherit',
    },
  );
}

// Transpile every example and helper once; relative imports (`./lib/print.js`) keep working.
const buildDir = join(examplesDir, `.build-${process.pid}`);
const cleanUp = () => rmSync(buildDir, { recursive: true, force: true });
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
function listTypeScript(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listTypeScript(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
for (const source of listTypeScript(examplesDir)) {
  const target = join(buildDir, relative(examplesDir, source)).replace(/\.ts$/, '.js');
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    fileName: source,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
      // Stack traces name the example's own file and line.
      sourceRoot: `${pathToFileURL(dirname(source)).href}/`,
    },
  });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, outputText);
}

const environment = { ...process.env, NODE_NO_WARNINGS: '1' };
if (!live) delete environment.COUNTERSIGN_MODEL;

function runExample(name) {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', join(buildDir, name.replace(/\.ts$/, '.js'))],
      {
        cwd: root,
        env: environment,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n[run-examples] killed after ${TIMEOUT_MS / 1000} s\n`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      done({ name, passed: code === 0, exitCode: code, signal, ms, output });
    });
  });
}

// Two at a time: each example is its own Node process, and CI machines have few cores.
const concurrency = Math.max(1, Math.min(2, availableParallelism()));
const results = new Array(examples.length);
let next = 0;
let printed = 0;
function printReady() {
  while (printed < results.length && results[printed] !== undefined) {
    const result = results[printed++];
    log(`${result.passed ? 'pass' : 'FAIL'}  ${result.name.padEnd(44)} ${String(result.ms).padStart(6)} ms`);
    if (verbose || !result.passed) log(result.output.replace(/^/gm, '      | ').trimEnd());
  }
}
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < examples.length) {
      const index = next++;
      results[index] = await runExample(examples[index]);
      printReady();
    }
  }),
);
const failed = results.filter((result) => !result.passed);
const totalMs = Math.round(performance.now() - started);
if (json) {
  process.stdout.write(`${JSON.stringify({ totalMs, results }, null, 2)}\n`);
} else {
  log(
    `\n${results.length - failed.length} of ${results.length} examples passed in ${(totalMs / 1000).toFixed(1)} s` +
      (failed.length > 0 ? `; failed: ${failed.map((result) => result.name).join(', ')}` : ''),
  );
}
process.exit(failed.length > 0 ? 1 : 0);
