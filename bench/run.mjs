// The benchmark driver: runs suite modules from bench/suites/*.mjs and merges what they return
// into bench/results/latest.json and bench/results/latest.md.
//
//   npm run bench                          # build, then every suite at full length
//   npm run bench -- --quick               # a smoke run: fewer repetitions and iterations
//   node bench/run.mjs --suite peers       # one suite (the checkout must be built)
//   node bench/run.mjs --list              # the suites there are
//
// Options of the driver: --suite name[,name] --quick --strict (exit 1 when a goal fails) --list
// --help. Every other argument is handed to the selected suites (see bench/README.md).
//
// A suite module's default export is { name, description, parseArguments?, run }.
// `parseArguments(suiteArguments)` throws on an argument the suite does not take (the driver
// calls it for every selected suite before running any) and returns the suite's options;
// `run(context)` resolves with
// { name, results, checks: [{ name, value, goal, unit, pass, detail }], tables?, errors? }.
// Running some of the suites keeps the other suites' entries from the previous results file, so
// each entry says when, and at which commit, it was measured.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarizeChecks } from './lib/checks.mjs';
import { describeGitState, describeMachine } from './lib/environment.mjs';
import { checksAsText, readResults, writeResults } from './lib/report.mjs';

const BENCH_DIRECTORY = path.dirname(fileURLToPath(import.meta.url));
const REPOSITORY_ROOT = path.dirname(BENCH_DIRECTORY);
const SUITES_DIRECTORY = path.join(BENCH_DIRECTORY, 'suites');
const RESULTS_DIRECTORY = path.join(BENCH_DIRECTORY, 'results');
const RESULTS_SCHEMA_VERSION = 1;

const USAGE = `usage: node bench/run.mjs [--suite name[,name]] [--quick] [--strict] [--list] [suite options...]
  --suite   run only these suites (default: all of bench/suites/*.mjs)
  --quick   a smoke run: fewer repetitions and iterations, rough figures
  --strict  exit with status 1 when a goal is not met (a failing suite always does)
  --list    list the suites and exit
Other options go to the suites; the peers suite takes --reps --runs --warmup --cycles --mem-runs
--only --scenarios --no-memory --no-durability-check --keep-data (see bench/README.md).`;

function parseArguments(argv) {
  const options = { suites: null, quick: false, strict: false, list: false, help: false, suiteArguments: [] };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--suite') {
      const value = argv[++index];
      if (!value) throw new Error('--suite needs a suite name');
      options.suites = value.split(',');
    } else if (argument === '--quick') options.quick = true;
    else if (argument === '--strict') options.strict = true;
    else if (argument === '--list') options.list = true;
    else if (argument === '--help' || argument === '-h') options.help = true;
    else options.suiteArguments.push(argument);
  }
  return options;
}

/** Every suite module in bench/suites, by name, in file name order. */
async function loadSuites() {
  const files = fs
    .readdirSync(SUITES_DIRECTORY)
    .filter((file) => file.endsWith('.mjs'))
    .sort();
  const suites = new Map();
  for (const file of files) {
    const suite = (await import(pathToFileURL(path.join(SUITES_DIRECTORY, file)).href)).default;
    if (!suite?.name || typeof suite.run !== 'function') {
      throw new Error(`bench/suites/${file} must export default { name, description, run(context) }`);
    }
    suites.set(suite.name, suite);
  }
  return suites;
}

function log(suiteName, message) {
  for (const line of message.split('\n')) console.log(`[bench:${suiteName}] ${line}`);
}

/** Run one suite; a suite that throws is recorded with its error instead of its figures. */
async function runSuite(suite, options, git) {
  const startedAt = new Date();
  log(suite.name, `starting: ${suite.description}`);
  let outcome;
  try {
    outcome = await suite.run({
      repositoryRoot: REPOSITORY_ROOT,
      resultsDirectory: RESULTS_DIRECTORY,
      quick: options.quick,
      suiteArguments: options.suiteArguments,
      options: options.suiteOptions,
      log: (message) => log(suite.name, message),
    });
  } catch (error) {
    log(suite.name, `failed: ${error.stack ?? error}`);
    outcome = {
      results: null,
      checks: [],
      errors: [
        {
          message: `the suite failed: ${String(error.message ?? error).split('\n')[0]}`,
          details: String(error.stack ?? error),
        },
      ],
    };
  }
  const finishedAt = new Date();
  return {
    name: suite.name,
    description: suite.description,
    status: outcome.errors?.length ? 'error' : 'ok',
    quick: options.quick,
    arguments: options.suiteArguments,
    commit: git.commit,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: (finishedAt - startedAt) / 1000,
    checks: outcome.checks ?? [],
    errors: outcome.errors ?? [],
    tables: outcome.tables ?? [],
    results: outcome.results ?? null,
  };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const available = await loadSuites();
  if (options.list) {
    for (const suite of available.values()) console.log(`${suite.name.padEnd(12)} ${suite.description}`);
    return 0;
  }
  const selected = options.suites ?? [...available.keys()];
  const unknown = selected.filter((name) => !available.has(name));
  if (unknown.length) {
    console.error(
      `bench: unknown suite(s) ${unknown.join(', ')}; there are: ${[...available.keys()].join(', ')}`,
    );
    return 2;
  }
  // Check every selected suite's arguments before anything runs, so a typo costs no minutes.
  const suiteOptions = new Map();
  for (const name of selected) {
    const suite = available.get(name);
    try {
      suiteOptions.set(name, suite.parseArguments ? suite.parseArguments(options.suiteArguments) : null);
    } catch (error) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      return 2;
    }
  }

  const git = describeGitState(REPOSITORY_ROOT);
  const machine = describeMachine();
  const previous = options.suites ? readResults(path.join(RESULTS_DIRECTORY, 'latest.json')) : null;
  const suites = { ...(previous?.schemaVersion === RESULTS_SCHEMA_VERSION ? previous.suites : {}) };
  for (const name of selected) {
    suites[name] = await runSuite(
      available.get(name),
      { ...options, suiteOptions: suiteOptions.get(name) },
      git,
    );
  }

  const allChecks = Object.values(suites).flatMap((suite) => suite.checks);
  const document = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    command:
      process.env.npm_lifecycle_event === 'bench'
        ? `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
        : `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    git,
    machine,
    summary: summarizeChecks(allChecks),
    suites,
  };
  const { jsonFile, markdownFile } = writeResults(RESULTS_DIRECTORY, document);

  console.log(`\n${checksAsText(Object.values(suites))}`);
  const { passed, failed, skipped } = document.summary;
  console.log(`\ngoals: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  const broken = Object.values(suites).filter((suite) => suite.errors.length > 0);
  for (const suite of broken)
    for (const error of suite.errors) console.log(`error in ${suite.name}: ${error.message}`);
  console.log(
    `wrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), markdownFile)}`,
  );
  return broken.length > 0 || (options.strict && failed > 0) ? 1 : 0;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
