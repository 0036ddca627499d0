// A faithful re-implementation of Agno's built-in guardrails, the baseline of the guardrails suite
// (agno-agi/agno, libs/agno/agno/guardrails/prompt_injection.py and pii.py).
//
// Injection: `any(keyword in input.lower() for keyword in injection_patterns)` over Agno's default
// list of 18 phrases. PII: Agno's four regular expressions; `check` masks every match of each
// detected kind with as many `*` as it has characters, kind after kind (SSN, card, e-mail, phone),
// each on the text the previous one left. Python's `\b` and `\d` are Unicode-aware; on the
// (ASCII) data they behave as JavaScript's do.

/** Agno's default `injection_patterns`. */
export const AGNO_INJECTION_PATTERNS = [
  'ignore previous instructions',
  'ignore your instructions',
  'you are now a',
  'forget everything above',
  'developer mode',
  'override safety',
  'disregard guidelines',
  'system prompt',
  'jailbreak',
  'act as if',
  'pretend you are',
  'roleplay as',
  'simulate being',
  'bypass restrictions',
  'ignore safeguards',
  'admin override',
  'root access',
  'forget everything',
];

/** Whether Agno's PromptInjectionGuardrail would raise on `text`. */
export function agnoIsInjection(text) {
  const lowered = text.toLowerCase();
  return AGNO_INJECTION_PATTERNS.some((pattern) => lowered.includes(pattern));
}

/** Agno's PII patterns in the order its dictionary holds them, with our type names. */
export const AGNO_PII_PATTERNS = [
  ['ssn', /\b\d{3}-\d{2}-\d{4}\b/g],
  ['credit_card', /\b\d{4}[\s-]?\d{4}[\s-]?\d{4}[\s-]?\d{4}\b/g],
  ['email', /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}\b/g],
  ['phone', /\b\d{3}[\s.-]?\d{3}[\s.-]?\d{4}\b/g],
];

/** Every match of every Agno PII pattern on the original text, as `{ type, start, end }`. */
export function agnoDetect(text) {
  const entities = [];
  for (const [type, pattern] of AGNO_PII_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      entities.push({ type, start: match.index, end: match.index + match[0].length });
    }
  }
  return entities;
}

/** The text Agno's `mask_pii=True` hands to the model: each match replaced by `*`s, kind after kind. */
export function agnoMask(text) {
  let content = text;
  for (const [, pattern] of AGNO_PII_PATTERNS) {
    if (pattern.test(content)) {
      pattern.lastIndex = 0;
      content = content.replace(pattern, (match) => '*'.repeat(match.length));
    }
    pattern.lastIndex = 0;
  }
  return content;
}
