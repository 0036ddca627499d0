// Writes the results of a benchmark run: `latest.json` (every figure, for tools and for later
// comparison) and `latest.md` (the same, as tables for people).
import fs from 'node:fs';
import path from 'node:path';
import { summarizeChecks, verdict } from './checks.mjs';
import { formatGoal, formatQuantity, markdownTable, textTable } from './format.mjs';

const CHECK_COLUMNS = [
  { label: 'Suite' },
  { label: 'Check' },
  { label: 'Value', align: 'right' },
  { label: 'Goal', align: 'right' },
  { label: 'Result' },
  { label: 'Detail' },
];

function checkRows(suites) {
  return suites.flatMap((suite) =>
    suite.checks.map((check) => [
      suite.name,
      check.name,
      formatQuantity(check.value, check.unit),
      formatGoal(check.goal, check.unit),
      verdict(check),
      check.detail ?? '',
    ]),
  );
}

/** The goals of every suite as a console table. */
export function checksAsText(suites) {
  return textTable(
    CHECK_COLUMNS.slice(0, 5),
    checkRows(suites).map((row) => row.slice(0, 5)),
  );
}

/** Read an earlier results file, or null when there is none (or it cannot be read). */
export function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function describeRun(document) {
  const { git, machine } = document;
  const lines = [];
  const changes = git.uncommittedChanges ?? [];
  const commit = git.commit
    ? `commit \`${git.shortCommit}\` (${git.branch}: ${git.subject})${changes.length ? `, plus uncommitted changes to ${changes.length} path(s): ${changes.map((change) => `\`${change}\``).join(', ')}` : ''}`
    : 'an unknown commit (not a git checkout)';
  lines.push(`Generated ${document.generatedAt} by \`${document.command}\` at ${commit}.`);
  lines.push('');
  lines.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, load average ${machine.loadAverage?.join(' / ') ?? 'unknown'} (1 / 5 / 15 min) at the start; Node.js ${machine.node} (V8 ${machine.v8}); ${machine.platform}.`,
  );
  return lines;
}

function describeSuite(suite) {
  const lines = [`## ${suite.name}: ${suite.description}`, ''];
  const quick = suite.quick
    ? ' A quick (smoke) run: fewer repetitions and iterations, so the figures are rough.'
    : '';
  lines.push(
    `Measured ${suite.startedAt} in ${Math.round(suite.durationSeconds)} s at commit \`${suite.commit?.slice(0, 7) ?? 'unknown'}\`.${quick}`,
  );
  lines.push('');
  for (const error of suite.errors ?? []) {
    lines.push(`**Error:** ${error.message}`, '', '```', error.details ?? error.message, '```', '');
  }
  for (const table of suite.tables ?? []) {
    lines.push(`### ${table.title}`, '');
    if (table.note) lines.push(table.note, '');
    lines.push(markdownTable(table.columns, table.rows), '');
  }
  return lines;
}

/** The whole results document as Markdown. */
export function renderMarkdown(document) {
  const suites = Object.values(document.suites);
  const summary = summarizeChecks(suites.flatMap((suite) => suite.checks));
  const lines = ['# Countersign benchmark results', '', ...describeRun(document), ''];
  lines.push(
    'Judge by the ratios: each one compares figures measured in the same run on the same machine; absolute figures move between runs and machines.',
    '',
  );
  lines.push(`## Goals: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`, '');
  lines.push(markdownTable(CHECK_COLUMNS, checkRows(suites)), '');
  for (const suite of suites) lines.push(...describeSuite(suite));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Write `latest.json` and `latest.md` into the results folder. */
export function writeResults(resultsDirectory, document) {
  fs.mkdirSync(resultsDirectory, { recursive: true });
  const jsonFile = path.join(resultsDirectory, 'latest.json');
  const markdownFile = path.join(resultsDirectory, 'latest.md');
  fs.writeFileSync(jsonFile, `${JSON.stringify(document, null, 2)}\n`);
  fs.writeFileSync(markdownFile, renderMarkdown(document));
  return { jsonFile, markdownFile };
}
