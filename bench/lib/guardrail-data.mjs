// Loads the labelled guardrail data (shared/data/guardrails, see its README.md) and splits each
// file deterministically into a tune half and a check half by the SHA-256 of the text.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The injection sources, in the order tables list them. */
export const INJECTION_SOURCES = ['deepset', 'jailbreak_llms', 'awesome_prompts', 'bipia_email'];

/** The data folder: the given one, COUNTERSIGN_GUARDRAIL_DATA, or shared/ inside or beside the checkout. */
export function findDataDirectory(repositoryRoot, given) {
  const candidates = [
    given,
    process.env.COUNTERSIGN_GUARDRAIL_DATA,
    path.join(repositoryRoot, 'shared/data/guardrails'),
    path.join(repositoryRoot, '../shared/data/guardrails'),
  ].filter(Boolean);
  const found = candidates.find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isDirectory(),
  );
  if (!found) {
    throw new Error(
      `no guardrail data found (looked in ${candidates.join(', ')}); pass --data DIR or set COUNTERSIGN_GUARDRAIL_DATA`,
    );
  }
  return found;
}

function readJsonLines(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));
}

/** `tune` or `check`: the half a text falls in, by the parity of the first byte of its SHA-256. */
export function halfOf(text) {
  return (createHash('sha256').update(text).digest()[0] & 1) === 0 ? 'tune' : 'check';
}

/** Every row of `<source>.<split>.jsonl` that exists, with its half. */
export function loadGuardrailData(directory, split) {
  const injection = [];
  const sources = [];
  for (const source of INJECTION_SOURCES) {
    const file = path.join(directory, `${source}.${split}.jsonl`);
    if (!fs.existsSync(file)) continue;
    sources.push(source);
    for (const row of readJsonLines(file)) {
      injection.push({ source, text: row.text, positive: row.label === 'injection', half: halfOf(row.text) });
    }
  }
  const piiFile = path.join(directory, `pii.${split}.jsonl`);
  const pii = fs.existsSync(piiFile)
    ? readJsonLines(piiFile).map((row) => ({
        text: row.text,
        entities: row.entities,
        half: halfOf(row.text),
      }))
    : [];
  return { injection, sources, pii };
}
