// Suite "guardrails": what countersign/guardrails detects on the labelled data of
// shared/data/guardrails (see its README.md for the sources and licences), beside a faithful
// re-implementation of Agno's built-in guardrails (bench/lib/agno-guardrails.mjs), and how fast.
//
//   prompt injection: precision, recall, F1 and false-positive rate per source, for the
//     jailbreak/persona pair and pooled; for Countersign also on the tune and check halves (the
//     rules were tuned on the tune half only; the check half shows what tuning did not see);
//   PII: exact-span precision/recall/F1 per type, entities left visible after masking, and
//     entity-free texts that masking changed;
//   speed: MB/s of input scanned (CPU time of this process, so other load on the machine counts
//     less) and the latency each guardrail adds per call on short messages and on long prompts.
// The goals come from shared/data/guardrails/README.md: beat every listed npm detector (pooled
// injection F1 above 0.719 with a false-positive rate on benign persona prompts under 5%; fewer
// PII entities visible than 20.1% and fewer clean texts altered than 37.0%), and Agno.
// It loads the built package (dist/), so run `npm run build` first (`npm run bench` does).
//
//   node bench/run.mjs --suite guardrails [--quick] [--data DIR] [--split dev|holdout] [--rounds N]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { agnoDetect, agnoIsInjection, agnoMask } from '../lib/agno-guardrails.mjs';
import { makeCheck } from '../lib/checks.mjs';
import { binaryMetrics, maskingMetrics, percentiles, spanMetrics } from '../lib/detection-metrics.mjs';
import { formatNumber } from '../lib/format.mjs';
import { findDataDirectory, loadGuardrailData } from '../lib/guardrail-data.mjs';

const PII_TYPES = ['ssn', 'credit_card', 'email', 'phone'];
const BEST_NPM = { injectionF1: 0.719, piiVisibleShare: 0.201, piiCleanAlteredShare: 0.37 };
const MAX_PERSONA_FPR = 0.05;

function parseArguments(suiteArguments) {
  const options = {};
  for (let index = 0; index < suiteArguments.length; index++) {
    const name = suiteArguments[index];
    const value = suiteArguments[index + 1];
    if (name === '--data' || name === '--split') {
      if (!value) throw new Error(`${name} needs a value`);
      options[name.slice(2)] = value;
      index++;
    } else if (name === '--rounds') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1) throw new Error('--rounds needs a positive integer');
      options.rounds = number;
      index++;
    } else {
      throw new Error(
        `unknown argument ${name} for the guardrails suite (it accepts --data, --split, --rounds)`,
      );
    }
  }
  return options;
}

/** Injection metrics of one detector per source, for the pair and pooled. */
function injectionTable(rows, sources, predict) {
  const table = {};
  for (const source of sources)
    table[source] = binaryMetrics(
      rows.filter((row) => row.source === source),
      predict,
    );
  const pair = rows.filter((row) => row.source === 'jailbreak_llms' || row.source === 'awesome_prompts');
  if (pair.length > 0) table['jailbreak_llms + awesome_prompts'] = binaryMetrics(pair, predict);
  table.pooled = binaryMetrics(rows, predict);
  return table;
}

/** CPU milliseconds and wall milliseconds of `rounds` passes of `work` over `texts`. */
function measureThroughput(texts, rounds, work) {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) * rounds;
  for (const text of texts.slice(0, 50)) work(text);
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++) for (const text of texts) work(text);
  const wallMs = Number(process.hrtime.bigint() - wallBefore) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    megabytes: bytes / 1e6,
    cpuMs,
    wallMs,
    mbPerCpuSecond: bytes / 1e3 / cpuMs,
    mbPerWallSecond: bytes / 1e3 / wallMs,
  };
}

/** Per-call latency percentiles of `work` over `texts`. */
async function measureLatency(texts, work) {
  const times = [];
  for (const text of texts) {
    const started = process.hrtime.bigint();
    await work(text);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((left, right) => left - right);
  return {
    calls: times.length,
    meanMs: times.reduce((sum, time) => sum + time, 0) / times.length,
    ...percentiles(times),
  };
}

/**
 * Latency of `agent.run()` with a scripted model (no network, no db), without hooks and with the
 * PII (masking) and prompt-injection guardrails as pre-hooks, on the same short texts, alternating.
 */
async function measureAgentRuns(repositoryRoot, guardrails, texts, runs) {
  const { Agent } = await import(pathToFileURL(path.join(repositoryRoot, 'dist/index.js')).href);
  const { ScriptedModel } = await import(
    pathToFileURL(path.join(repositoryRoot, 'dist/testing/index.js')).href
  );
  const model = new ScriptedModel(() => ({ text: 'Done.' }));
  const bare = new Agent({ id: 'bare', model });
  const guarded = new Agent({
    id: 'guarded',
    model,
    preHooks: [
      new guardrails.PIIDetectionGuardrail({ maskPii: true }),
      new guardrails.PromptInjectionGuardrail(),
    ],
  });
  const timings = { bare: [], guarded: [] };
  let blocked = 0;
  for (let index = 0; index < runs + 100; index++) {
    const text = texts[index % texts.length];
    for (const [name, agent] of [
      ['bare', bare],
      ['guarded', guarded],
    ]) {
      const started = process.hrtime.bigint();
      await agent.run(text).catch(() => {
        if (name === 'guarded') blocked++;
      });
      if (index >= 100) timings[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const summary = (times) => {
    times.sort((left, right) => left - right);
    return {
      runs: times.length,
      meanMs: times.reduce((sum, time) => sum + time, 0) / times.length,
      ...percentiles(times),
    };
  };
  const bareSummary = summary(timings.bare);
  const guardedSummary = summary(timings.guarded);
  return {
    bare: bareSummary,
    guarded: guardedSummary,
    addedMeanMs: guardedSummary.meanMs - bareSummary.meanMs,
    addedP50Ms: guardedSummary.p50Ms - bareSummary.p50Ms,
    blockedShare: blocked / (runs + 100),
  };
}

function ratio(value) {
  return value === null || value === undefined ? '-' : value.toFixed(3);
}

function percent(value) {
  return value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
}

function injectionRows(label, table) {
  return Object.entries(table).map(([source, metrics]) => [
    label,
    source,
    formatNumber(metrics.rows),
    ratio(metrics.precision),
    ratio(metrics.recall),
    ratio(metrics.f1),
    percent(metrics.falsePositiveRate),
  ]);
}

function tablesFor(results) {
  const columns = [
    { label: 'Detector' },
    { label: 'Source' },
    { label: 'Rows', align: 'right' },
    { label: 'Precision', align: 'right' },
    { label: 'Recall', align: 'right' },
    { label: 'F1', align: 'right' },
    { label: 'FPR', align: 'right' },
  ];
  const { injection, pii, speed } = results;
  return [
    {
      title: `Prompt injection on ${results.split} data`,
      note:
        'FPR: share of benign rows flagged (for awesome_prompts, benign persona prompts). Countersign: `new ' +
        'PromptInjectionGuardrail()` (no model). Agno: its 18 lower-cased substrings. Tune/check: the halves of ' +
        'each file by SHA-256 of the text; the rules were tuned on the tune half only.',
      columns,
      rows: [
        ...injectionRows('Countersign', injection.countersign.all),
        ...injectionRows('Agno', injection.agno.all),
        ...injectionRows('Countersign (tune half)', { pooled: injection.countersign.tune.pooled }),
        ...injectionRows('Countersign (check half)', { pooled: injection.countersign.check.pooled }),
        ...injectionRows('Agno (check half)', { pooled: injection.agno.check.pooled }),
      ],
    },
    {
      title: `PII on ${results.split} data (${formatNumber(pii.rows)} texts)`,
      note: 'Exact spans: type, start and end must all match. Visible: entities with any character left after masking.',
      columns: [
        { label: 'Detector' },
        { label: 'Type' },
        { label: 'Precision', align: 'right' },
        { label: 'Recall', align: 'right' },
        { label: 'Span F1', align: 'right' },
      ],
      rows: ['countersign', 'agno'].flatMap((detector) =>
        PII_TYPES.map((type) => [
          detector === 'agno' ? 'Agno' : 'Countersign',
          type,
          ratio(pii[detector].spans[type].precision),
          ratio(pii[detector].spans[type].recall),
          ratio(pii[detector].spans[type].f1),
        ]),
      ),
    },
    {
      title: 'PII masking',
      columns: [
        { label: 'Detector' },
        { label: 'Entities visible', align: 'right' },
        { label: 'Clean texts altered', align: 'right' },
        { label: 'Visible (check half)', align: 'right' },
      ],
      rows: ['countersign', 'agno'].map((detector) => [
        detector === 'agno' ? 'Agno' : 'Countersign',
        `${formatNumber(pii[detector].masking.visible)} of ${formatNumber(pii[detector].masking.entities)} (${percent(pii[detector].masking.visibleShare)})`,
        `${formatNumber(pii[detector].masking.cleanAltered)} of ${formatNumber(pii[detector].masking.cleanTexts)} (${percent(pii[detector].masking.cleanAlteredShare)})`,
        percent(pii[detector].maskingCheckHalf.visibleShare),
      ]),
    },
    {
      title: 'Guardrail speed',
      note:
        'MB/s: bytes of input scanned per second of CPU time of the benchmark process (wall-clock in brackets), over ' +
        'every text of the data, one call per text. Latency: one call per text, wall clock.',
      columns: [
        { label: 'Guardrail' },
        { label: 'MB/s (CPU)', align: 'right' },
        { label: 'Short texts p50 / p99 (ms)', align: 'right' },
        { label: 'Long prompts p50 / p99 (ms)', align: 'right' },
      ],
      rows: Object.entries(speed).map(([name, figures]) => [
        name,
        `${formatNumber(figures.throughput.mbPerCpuSecond, 1)} (${formatNumber(figures.throughput.mbPerWallSecond, 1)})`,
        figures.short
          ? `${formatNumber(figures.short.p50Ms, 3)} / ${formatNumber(figures.short.p99Ms, 3)}`
          : '-',
        figures.long
          ? `${formatNumber(figures.long.p50Ms, 3)} / ${formatNumber(figures.long.p99Ms, 3)}`
          : '-',
      ]),
    },
    {
      title: 'Latency added to a run',
      note:
        '`agent.run()` with a scripted model and no db, on the short texts (≤ 500 characters), alternating an agent ' +
        'without hooks and one with `PIIDetectionGuardrail({ maskPii: true })` and `PromptInjectionGuardrail()` as ' +
        'pre-hooks (runs the injection guardrail stops count too).',
      columns: [
        { label: 'Agent' },
        { label: 'Runs', align: 'right' },
        { label: 'Mean (ms)', align: 'right' },
        { label: 'p50 (ms)', align: 'right' },
        { label: 'p99 (ms)', align: 'right' },
      ],
      rows: [
        ['without hooks', results.agentRuns.bare],
        ['with both guardrails', results.agentRuns.guarded],
      ]
        .map(([label, figures]) => [
          label,
          formatNumber(figures.runs),
          formatNumber(figures.meanMs, 3),
          formatNumber(figures.p50Ms, 3),
          formatNumber(figures.p99Ms, 3),
        ])
        .concat([
          [
            'added by the guardrails',
            '',
            formatNumber(results.agentRuns.addedMeanMs, 3),
            formatNumber(results.agentRuns.addedP50Ms, 3),
            '',
          ],
        ]),
    },
  ];
}

function checksFor(results) {
  const ours = results.injection.countersign.all;
  const agno = results.injection.agno.all;
  const persona = ours.awesome_prompts?.falsePositiveRate;
  const pii = results.pii.countersign.masking;
  return [
    makeCheck({
      name: 'injection: pooled F1 vs the best npm detector (0.719)',
      value: ours.pooled.f1,
      operator: '>=',
      target: BEST_NPM.injectionF1,
      unit: '',
      detail: `precision ${ratio(ours.pooled.precision)}, recall ${ratio(ours.pooled.recall)}`,
    }),
    makeCheck({
      name: 'injection: pooled F1 vs Agno',
      value: agno.pooled.f1 > 0 ? ours.pooled.f1 / agno.pooled.f1 : null,
      operator: '>=',
      target: 2,
      unit: 'x',
      detail: `Agno F1 ${ratio(agno.pooled.f1)}`,
    }),
    makeCheck({
      name: 'injection: FPR on benign persona prompts',
      value: persona === undefined ? null : persona * 100,
      operator: '<=',
      target: MAX_PERSONA_FPR * 100,
      unit: '%',
      missing: 'no awesome_prompts file',
    }),
    makeCheck({
      name: 'PII: entities visible after masking (best npm 20.1%)',
      value: pii.visibleShare === null ? null : pii.visibleShare * 100,
      operator: '<=',
      target: BEST_NPM.piiVisibleShare * 100,
      unit: '%',
    }),
    makeCheck({
      name: 'PII: clean texts altered by masking (best npm 37.0%)',
      value: pii.cleanAlteredShare === null ? null : pii.cleanAlteredShare * 100,
      operator: '<=',
      target: BEST_NPM.piiCleanAlteredShare * 100,
      unit: '%',
    }),
  ];
}

export default {
  name: 'guardrails',
  description: 'prompt-injection and PII detection vs Agno on labelled data; guardrail MB/s and latency',
  parseArguments,

  async run({ repositoryRoot, quick, options, suiteArguments, log }) {
    const settings = { split: 'dev', rounds: quick ? 1 : 3, ...(options ?? parseArguments(suiteArguments)) };
    const directory = findDataDirectory(repositoryRoot, settings.data);
    const data = loadGuardrailData(directory, settings.split);
    log(
      `data: ${directory} (${settings.split}): ${data.injection.length} injection rows, ${data.pii.length} PII rows`,
    );
    const guardrails = await import(
      pathToFileURL(path.join(repositoryRoot, 'dist/guardrails/index.js')).href
    );
    const injectionGuardrail = new guardrails.PromptInjectionGuardrail();
    const piiGuardrail = new guardrails.PIIDetectionGuardrail({ maskPii: true });

    const verdicts = new Map(
      data.injection.map((row) => [row, injectionGuardrail.assess(row.text).isInjection]),
    );
    const ours = (row) => verdicts.get(row);
    const agno = (row) => agnoIsInjection(row.text);
    const halves = (predict) => ({
      all: injectionTable(data.injection, data.sources, predict),
      tune: injectionTable(
        data.injection.filter((row) => row.half === 'tune'),
        data.sources,
        predict,
      ),
      check: injectionTable(
        data.injection.filter((row) => row.half === 'check'),
        data.sources,
        predict,
      ),
    });
    const injection = { countersign: halves(ours), agno: halves(agno) };

    const detections = new Map(data.pii.map((row) => [row, piiGuardrail.detect(row.text)]));
    const coveredBy = (entities) => (offset) =>
      entities.some((entity) => entity.start <= offset && offset < entity.end);
    const ourMasking = (rows) =>
      maskingMetrics(
        rows,
        (row) => coveredBy(detections.get(row)),
        (row) => detections.get(row).length > 0,
      );
    const agnoMasking = (rows) =>
      maskingMetrics(
        rows,
        (row) => {
          const masked = agnoMask(row.text);
          return (offset) => masked[offset] === '*';
        },
        (row) => agnoMask(row.text) !== row.text,
      );
    const checkHalf = data.pii.filter((row) => row.half === 'check');
    const pii = {
      rows: data.pii.length,
      countersign: {
        spans: spanMetrics(data.pii, (text) => piiGuardrail.detect(text), PII_TYPES),
        masking: ourMasking(data.pii),
        maskingCheckHalf: ourMasking(checkHalf),
      },
      agno: {
        spans: spanMetrics(data.pii, agnoDetect, PII_TYPES),
        masking: agnoMasking(data.pii),
        maskingCheckHalf: agnoMasking(checkHalf),
      },
    };

    log('measuring speed');
    const injectionTexts = data.injection.map((row) => row.text);
    const piiTexts = data.pii.map((row) => row.text);
    const allTexts = [...injectionTexts, ...piiTexts];
    const shortTexts = allTexts.filter((text) => text.length <= 500);
    const longTexts = allTexts.filter((text) => text.length > 2_000);
    const both = async (text) => {
      const masked = piiGuardrail.check(text);
      await injectionGuardrail.check(typeof masked === 'object' ? masked.text : text).catch(() => undefined);
    };
    const speed = {
      'PIIDetectionGuardrail (mask)': {
        throughput: measureThroughput(allTexts, settings.rounds, (text) => piiGuardrail.mask(text)),
        short: await measureLatency(shortTexts, (text) => piiGuardrail.mask(text)),
        long: await measureLatency(longTexts, (text) => piiGuardrail.mask(text)),
      },
      PromptInjectionGuardrail: {
        throughput: measureThroughput(allTexts, settings.rounds, (text) => injectionGuardrail.assess(text)),
        short: await measureLatency(shortTexts, (text) => injectionGuardrail.assess(text)),
        long: await measureLatency(longTexts, (text) => injectionGuardrail.assess(text)),
      },
      'both, as pre-hooks (check)': {
        throughput: measureThroughput(allTexts, 1, (text) => {
          const masked = piiGuardrail.check(text);
          injectionGuardrail.assess(typeof masked === 'object' ? masked.text : text);
        }),
        short: await measureLatency(shortTexts, both),
        long: await measureLatency(longTexts, both),
      },
      'Agno injection (substrings)': {
        throughput: measureThroughput(allTexts, settings.rounds, agnoIsInjection),
      },
      'Agno PII (mask)': { throughput: measureThroughput(allTexts, settings.rounds, agnoMask) },
    };
    log('measuring the latency guardrails add to an agent run');
    const agentRuns = await measureAgentRuns(repositoryRoot, guardrails, shortTexts, quick ? 300 : 2_000);
    const results = { split: settings.split, dataDirectory: directory, injection, pii, speed, agentRuns };
    return { name: 'guardrails', results, checks: checksFor(results), tables: tablesFor(results) };
  },
};
