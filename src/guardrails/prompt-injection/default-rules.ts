import type { InjectionRule } from './injection-rule.js';
import { ENGLISH_RULES } from './rules-english.js';
import { INDIRECT_RULES } from './rules-indirect.js';
import { MARKER_RULES } from './rules-markers.js';
import { MULTILINGUAL_RULES } from './rules-multilingual.js';

/** Every built-in rule of the prompt-injection detector. */
export const DEFAULT_INJECTION_RULES: readonly InjectionRule[] = [
  ...ENGLISH_RULES,
  ...MULTILINGUAL_RULES,
  ...INDIRECT_RULES,
  ...MARKER_RULES,
];

/**
 * The score at which the detector blocks. Rules that block on their own weigh 1; weaker signals
 * (a persona switch, "no restrictions", a policy reference) must add up. Tuned on half of the
 * labelled development data (shared/data/guardrails) for a false-positive rate on benign persona
 * prompts near 2%; the other half checks it (bench/suites/guardrails.mjs).
 */
export const DEFAULT_INJECTION_THRESHOLD = 0.7;
