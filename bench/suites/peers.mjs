// Suite "peers": the shared side-by-side benchmark (shared/bench/peers) of the approval flow in
// Countersign, @openai/agents, LangGraph and a raw better-sqlite3 floor, run from a scratch copy,
// and the ratios that shared/docs/performance.md sets as goals, all from that one run:
//   A     no-approval run (model -> tool -> model), runs/s: >= 3x the faster peer;
//   A-db  the same, persisted to SQLite: >= 3x the faster peer;
//   B     pause -> persist -> load in a fresh agent -> confirm -> resume, cycles/s: >= 3x the
//         faster peer, and >= half the SQLite floor;
//   bytes stored per paused run: about the same as the more compact peer, or less;
//   memory: flat in the number of paused runs (they live in the db, not in the heap).
import fs from 'node:fs';
import path from 'node:path';
import { makeCheck } from '../lib/checks.mjs';
import { formatBytes, formatBytesChange, formatNumber } from '../lib/format.mjs';
import { installHarnessDependencies, runHarness, syncHarness } from '../lib/peer-harness.mjs';

const COUNTERSIGN = 'countersign';
const FLOOR = 'sqlite-floor';
const PEERS = ['openai-agents', 'langgraph'];
const LABELS = {
  'openai-agents': 'OpenAI Agents',
  langgraph: 'LangGraph',
  countersign: 'Countersign',
  'sqlite-floor': 'SQLite floor',
  'sqlite-floor-fsync': 'SQLite floor (fsync)',
};
const label = (adapter) => LABELS[adapter] ?? adapter;

/** The goals, from shared/docs/performance.md. */
const GOALS = {
  timesFasterPeer: 3,
  shareOfFloor: 0.5,
  // "About the same or less" than the more compact peer: at most 10% more bytes.
  bytesRelativeToPeer: 1.1,
  // "Flat": the process keeps a handle per paused run, not the run. The heap may grow by at most
  // a tenth of the paused runs' own size, taken as the peers' paused-run document (measured in
  // the same run), so that storing runs compactly does not make this goal stricter.
  heapShareOfPausedDocuments: 0.1,
};

/** Arguments for `--quick`: a smoke run of about a minute. Later arguments override them. */
const QUICK_ARGUMENTS = [
  '--reps',
  '1',
  '--runs',
  '300',
  '--warmup',
  '50',
  '--cycles',
  '300',
  '--mem-runs',
  '200',
];

/**
 * A few seconds of Countersign alone before the long run, so a broken adapter is reported at
 * once (with its stack) and the peers are still measured without it.
 */
const PREFLIGHT_ARGUMENTS = [
  '--only',
  COUNTERSIGN,
  '--reps',
  '1',
  '--runs',
  '20',
  '--warmup',
  '5',
  '--cycles',
  '20',
];
const PREFLIGHT_MEMORY_RUNS = ['--mem-runs', '20'];

/** The options of the harness's run.mjs that may be forwarded (`--out` is this suite's). */
const VALUE_OPTIONS = new Set([
  '--reps',
  '--runs',
  '--warmup',
  '--cycles',
  '--mem-runs',
  '--only',
  '--scenarios',
]);
const FLAG_OPTIONS = new Set(['--no-memory', '--no-durability-check', '--keep-data']);

/** Check the forwarded arguments and read the ones that decide which checks apply. */
function readArguments(suiteArguments) {
  const selection = { only: null, scenarios: null, memory: true, durability: true };
  for (let index = 0; index < suiteArguments.length; index++) {
    const name = suiteArguments[index];
    if (FLAG_OPTIONS.has(name)) {
      if (name === '--no-memory') selection.memory = false;
      if (name === '--no-durability-check') selection.durability = false;
    } else if (VALUE_OPTIONS.has(name)) {
      const value = suiteArguments[++index];
      if (value === undefined) throw new Error(`${name} needs a value`);
      if (name === '--only') selection.only = new Set(value.split(','));
      if (name === '--scenarios') selection.scenarios = new Set(value.split(','));
    } else {
      throw new Error(
        `unknown argument ${name} for the peers suite (it accepts --quick, ${[...VALUE_OPTIONS, ...FLAG_OPTIONS].join(', ')})`,
      );
    }
  }
  return selection;
}

/** The first line of an error printed by run.mjs (`console.error(error)`), and the whole tail. */
function harnessError(result, what) {
  const output = (result.stderr.trim() || result.stdout.trim()).split('\n');
  const firstErrorLine = output.find((line) => /Error\b|error:/.test(line)) ?? output[0] ?? '';
  return {
    message: `${what} exited with ${result.signal ?? `code ${result.exitCode}`}: ${firstErrorLine.trim()}`,
    details: output.slice(-60).join('\n'),
  };
}

/** Run Countersign alone, briefly; resolve with null when it works, or with why it does not. */
async function preflightCountersign(scratchDirectory, repositoryRoot, selection, log) {
  log('preflight: a short run of the Countersign adapter alone');
  const outputFile = path.join(scratchDirectory, 'preflight.json');
  const preflightArguments = [
    ...PREFLIGHT_ARGUMENTS,
    ...(selection.memory ? PREFLIGHT_MEMORY_RUNS : ['--no-memory']),
  ];
  const result = await runHarness(scratchDirectory, [...preflightArguments, '--out', outputFile], {
    countersignDirectory: repositoryRoot,
    echo: false,
  });
  const skipped = result.stdout.match(/^skip countersign: (.*)$/m);
  if (skipped)
    return { message: `the Countersign adapter was skipped: ${skipped[1]}`, details: result.stdout.trim() };
  if (result.exitCode !== 0) return harnessError(result, 'the Countersign adapter');
  log('preflight: the Countersign adapter works');
  return null;
}

function fasterPeer(medians, scenario) {
  let best = null;
  for (const peer of PEERS) {
    const opsPerSec = medians[peer]?.[scenario]?.opsPerSec;
    if (typeof opsPerSec === 'number' && (best === null || opsPerSec > best.opsPerSec))
      best = { peer, opsPerSec };
  }
  return best;
}

function ratio(numerator, denominator) {
  return typeof numerator === 'number' && typeof denominator === 'number' && denominator > 0
    ? numerator / denominator
    : null;
}

/**
 * Why a check has no value, and whether that fails it: a broken Countersign adapter fails it; a
 * part of the benchmark turned off by an option, or a peer left out, only skips it.
 */
function absence(countersignFailure, selected, turnedOff) {
  if (!selected) return { missing: turnedOff, required: false };
  if (countersignFailure) return { missing: countersignFailure.message, required: true };
  return { missing: 'not measured in this run', required: false };
}

/** The checks of this suite, every figure taken from `peers` (the harness's JSON of this run). */
function computeChecks(peers, countersignFailure, selection) {
  const { medians } = peers;
  const countersign = medians[COUNTERSIGN] ?? {};
  const scenarioSelected = (scenario) => selection.scenarios === null || selection.scenarios.has(scenario);
  const scenarioAbsence = (scenario) =>
    absence(countersignFailure, scenarioSelected(scenario), `scenario ${scenario} turned off (--scenarios)`);
  const memoryAbsence = absence(
    countersignFailure,
    selection.memory,
    'memory phase turned off (--no-memory)',
  );
  const checks = [];

  for (const [scenario, name, unit] of [
    ['A', 'A: no-approval run vs the faster peer', 'runs/s'],
    ['A-db', 'A-db: persisted run vs the faster peer', 'runs/s'],
    ['B', 'B: pause/persist/load/confirm/resume vs the faster peer', 'cycles/s'],
  ]) {
    const ours = countersign[scenario]?.opsPerSec;
    const theirs = fasterPeer(medians, scenario);
    checks.push(
      makeCheck({
        name,
        value: ratio(ours, theirs?.opsPerSec),
        operator: '>=',
        target: GOALS.timesFasterPeer,
        unit: 'x',
        detail:
          theirs &&
          `Countersign ${formatNumber(ours)} ${unit} vs ${label(theirs.peer)} ${formatNumber(theirs.opsPerSec)} ${unit}`,
        ...scenarioAbsence(scenario),
      }),
    );
  }

  const ourCycle = countersign.B;
  const floorCycle = medians[FLOOR]?.B;
  checks.push(
    makeCheck({
      name: 'B vs the SQLite floor (within 2x)',
      value: ratio(ourCycle?.opsPerSec, floorCycle?.opsPerSec),
      operator: '>=',
      target: GOALS.shareOfFloor,
      unit: 'x',
      detail:
        floorCycle &&
        `Countersign ${formatNumber(ourCycle?.opsPerSec)} cycles/s (${formatNumber(ourCycle?.meanMs, 3)} ms mean) vs floor ${formatNumber(floorCycle.opsPerSec)} cycles/s (${formatNumber(floorCycle.meanMs, 3)} ms)`,
      ...scenarioAbsence('B'),
    }),
  );

  const storedBytes = (adapter) => medians[adapter]?.mem?.dbBytesPerPausedRun;
  const compactPeer = PEERS.filter((peer) => typeof storedBytes(peer) === 'number').sort(
    (left, right) => storedBytes(left) - storedBytes(right),
  )[0];
  checks.push(
    makeCheck({
      name: 'Bytes stored per paused run vs the more compact peer',
      value: ratio(storedBytes(COUNTERSIGN), compactPeer && storedBytes(compactPeer)),
      operator: '<=',
      target: GOALS.bytesRelativeToPeer,
      unit: 'x',
      detail:
        compactPeer &&
        `SQLite file growth: Countersign ${formatNumber(storedBytes(COUNTERSIGN))} B vs ${PEERS.map((peer) => `${label(peer)} ${formatNumber(storedBytes(peer))} B`).join(', ')}`,
      ...memoryAbsence,
    }),
  );

  const memory = countersign.mem;
  const heapGrowth = (adapter) => medians[adapter]?.mem?.heapUsedDeltaPer1000;
  const budgetBytes = GOALS.heapShareOfPausedDocuments * 1000 * peers.floorStateBytes;
  checks.push(
    makeCheck({
      name: 'Heap growth per 1,000 paused runs (flat: runs live in the db)',
      value: memory ? memory.heapUsedDeltaPer1000 / 1024 : null,
      operator: '<=',
      target: Math.round(budgetBytes / 1024),
      unit: 'KiB',
      detail:
        memory &&
        `goal: a tenth of 1,000 paused-run documents of ${formatNumber(peers.floorStateBytes)} B (the peers' size); RSS ${formatBytesChange(memory.rssDeltaPer1000)}; ${[FLOOR, ...PEERS].map((adapter) => `${label(adapter)} heap ${formatBytesChange(heapGrowth(adapter))}`).join(', ')}`,
      ...memoryAbsence,
    }),
  );

  const durability = peers.durability?.[COUNTERSIGN];
  checks.push(
    makeCheck({
      name: 'A paused run resumes in another process',
      value: durability ? durability.ok : null,
      operator: '==',
      target: true,
      unit: '',
      detail: durability?.detail,
      ...absence(countersignFailure, selection.durability, 'not checked (--no-durability-check)'),
    }),
  );
  return checks;
}

function adapterOrder(medians) {
  const known = [COUNTERSIGN, ...PEERS, FLOOR, 'sqlite-floor-fsync'];
  return [
    ...known.filter((adapter) => adapter in medians),
    ...Object.keys(medians).filter((adapter) => !known.includes(adapter)),
  ];
}

/** Tables for the Markdown report, formatted from the harness's medians. */
function makeTables(peers) {
  const { medians, meta } = peers;
  const parameters = meta.params;
  const adapters = adapterOrder(medians);
  const milliseconds = (value) => formatNumber(value, 3);
  const right = (columnLabel) => ({ label: columnLabel, align: 'right' });
  return [
    {
      title: 'Throughput and latency',
      note: `Medians of ${parameters.reps} repetition(s), adapter order rotated; A and A-db: ${formatNumber(parameters.runs)} runs, B: ${formatNumber(parameters.cycles)} cycles, each after ${formatNumber(parameters.warmup)} warm-up; times in ms.`,
      columns: [
        { label: 'Adapter' },
        right('A runs/s'),
        right('A p50'),
        right('A p99'),
        right('A-db runs/s'),
        right('A-db p50'),
        right('A-db p99'),
        right('B cycles/s'),
        right('B mean'),
        right('B p50'),
        right('B p99'),
      ],
      rows: adapters.map((adapter) => {
        const { A = {}, 'A-db': persisted = {}, B = {} } = medians[adapter];
        return [
          label(adapter),
          formatNumber(A.opsPerSec),
          milliseconds(A.p50Ms),
          milliseconds(A.p99Ms),
          formatNumber(persisted.opsPerSec),
          milliseconds(persisted.p50Ms),
          milliseconds(persisted.p99Ms),
          formatNumber(B.opsPerSec),
          milliseconds(B.meanMs),
          milliseconds(B.p50Ms),
          milliseconds(B.p99Ms),
        ];
      }),
    },
    {
      title: 'Storage and memory per paused run',
      note: `Serialized state: the paused run as the framework stores it (Countersign's adapter does not report it). Stored bytes: SQLite file growth per paused run. Memory: growth after GC over ${formatNumber(parameters.memRuns)} paused runs in a fresh process, per 1,000.`,
      columns: [
        { label: 'Adapter' },
        right('Serialized state'),
        right('Stored bytes'),
        right('Heap per 1,000'),
        right('RSS per 1,000'),
        { label: 'Resumes in another process' },
      ],
      rows: adapters.map((adapter) => {
        const { stateBytes, mem = {} } = medians[adapter];
        const durability = peers.durability?.[adapter];
        return [
          label(adapter),
          stateBytes ? `${formatNumber(stateBytes)} B` : '-',
          mem.dbBytesPerPausedRun === undefined ? '-' : `${formatNumber(mem.dbBytesPerPausedRun)} B`,
          formatBytes(mem.heapUsedDeltaPer1000),
          formatBytes(mem.rssDeltaPer1000),
          durability ? (durability.ok ? 'yes' : 'no') : '-',
        ];
      }),
    },
    {
      title: 'Versions',
      columns: [{ label: 'Adapter' }, { label: 'Packages' }],
      rows: Object.entries(meta.versions ?? {}).map(([adapter, versions]) => [
        label(adapter),
        Object.entries(versions)
          .map(([name, version]) => `${name} ${version}`)
          .join(', '),
      ]),
    },
  ];
}

export default {
  name: 'peers',
  description: 'the approval flow in Countersign and its peers, side by side (shared/bench/peers)',
  parseArguments: readArguments,

  async run(context) {
    const { repositoryRoot, resultsDirectory, log } = context;
    const selection = context.options ?? readArguments(context.suiteArguments);
    const sourceDirectory = path.resolve(
      process.env.COUNTERSIGN_BENCH_PEERS_DIR ?? path.join(repositoryRoot, '..', 'shared', 'bench', 'peers'),
    );
    const scratchDirectory = path.join(repositoryRoot, '.data', 'bench-peers');
    const outputFile = path.join(resultsDirectory, 'peers.json');
    const harnessArguments = [...(context.quick ? QUICK_ARGUMENTS : []), ...context.suiteArguments];

    syncHarness(sourceDirectory, scratchDirectory);
    await installHarnessDependencies(scratchDirectory, log);

    const countersignSelected = selection.only === null || selection.only.has(COUNTERSIGN);
    let countersignFailure = null;
    if (countersignSelected) {
      countersignFailure = await preflightCountersign(scratchDirectory, repositoryRoot, selection, log);
      if (countersignFailure) {
        log(`${countersignFailure.message}\n${countersignFailure.details}`);
        log('measuring the peers without Countersign');
      }
    }

    fs.mkdirSync(resultsDirectory, { recursive: true });
    fs.rmSync(outputFile, { force: true });
    const runArguments = [...harnessArguments, '--out', outputFile];
    log(`node --expose-gc run.mjs ${runArguments.join(' ')}`);
    let result = await runHarness(scratchDirectory, runArguments, {
      countersignDirectory: countersignFailure ? null : repositoryRoot,
    });
    if (result.exitCode !== 0 && countersignSelected && !countersignFailure) {
      // The adapter passed the preflight but failed in the long run: keep its error and measure
      // the peers again without it, so the run still has their figures.
      countersignFailure = harnessError(result, 'the peer benchmark with Countersign');
      log(`${countersignFailure.message}\nmeasuring the peers again without Countersign`);
      result = await runHarness(scratchDirectory, runArguments, { countersignDirectory: null });
    }
    if (result.exitCode !== 0) {
      const failure = harnessError(result, 'the peer benchmark');
      throw new Error(`${failure.message}\n${failure.details}`);
    }

    const peers = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
    return {
      name: 'peers',
      results: {
        source: path.relative(repositoryRoot, sourceDirectory),
        harnessArguments,
        rawResults: path.relative(repositoryRoot, outputFile),
        parameters: peers.meta.params,
        versions: peers.meta.versions,
        floorStateBytes: peers.floorStateBytes,
        durability: peers.durability,
        medians: peers.medians,
      },
      checks: computeChecks(peers, countersignFailure, selection),
      tables: makeTables(peers),
      errors: countersignFailure ? [countersignFailure] : [],
    };
  },
};
