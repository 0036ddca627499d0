import { documentScore } from './document-signals.js';
import type { InjectionFamily, InjectionRule } from './injection-rule.js';
import { normalizeText } from './normalize-text.js';
import { PhraseIndex } from './phrase-index.js';
import { createSegmenter } from './segment-words.js';

/** One signal that fired, as reported in `additionalData.signals`. */
export interface InjectionSignal {
  id: string;
  family: InjectionFamily;
  /** What the signal added before its family's cap. */
  weight: number;
  /** The normalised words that matched; only with `assess(text, { explain: true })`. */
  evidence?: string;
}

/** The detector's view of one text. */
export interface InjectionAssessment {
  /** Sum over families of the weights that fired, each family capped. */
  score: number;
  /** `score >= threshold`. */
  isInjection: boolean;
  signals: InjectionSignal[];
  /**
   * The text was judged to read as a document or e-mail, so instructions aimed at "your response"
   * counted. Judged only when such an instruction was found (otherwise `false`).
   */
  document: boolean;
}

/** How the scorer treats document-only rules: by the look of the text, always, or never. */
export type DocumentMode = 'auto' | 'always' | 'never';

/** The most one family adds to the score, so that one kind of wording cannot block on repetition alone. */
const FAMILY_CAPS: Record<InjectionFamily, number> = {
  instruction_override: 2,
  prompt_leak: 1.2,
  role_hijack: 0.9,
  restriction_removal: 0.9,
  refusal_suppression: 0.8,
  task_switch: 0.9,
  harmful_request: 0.4,
  delimiter: 0.6,
  disguise: 0.6,
  indirect: 1.5,
  custom: 2,
};
/** A rule that matched with two or more different phrases adds half its weight again. */
const REPEAT_BONUS = 0.5;

/** The raw evidence of one rule in one text: how many of its phrases matched, and the first match. */
export interface RuleHit {
  rule: number;
  phrases: number;
  evidence?: string;
}

/**
 * Scores texts against rules: normalises the text once, matches every rule's phrases in one pass
 * over the words, adds the weights of the rules that fired (each family up to its cap). Linear in
 * the length of the text.
 */
export class InjectionScorer {
  readonly rules: readonly InjectionRule[];
  readonly threshold: number;
  readonly documentMode: DocumentMode;
  readonly #index = new PhraseIndex();
  readonly #phraseRule: number[] = [];
  readonly #segment: (joined: string) => string[] | null;
  readonly #isKnown: (word: string) => boolean;
  /** Rules with literals, each as one expression over all its literals (one scan per rule). */
  readonly #literalRules: Array<[number, RegExp]> = [];

  constructor(rules: readonly InjectionRule[], threshold: number, documentMode: DocumentMode = 'auto') {
    this.rules = rules;
    this.threshold = threshold;
    this.documentMode = documentMode;
    rules.forEach((rule, position) => {
      for (const phrase of rule.phrases ?? []) {
        this.#index.add(this.#phraseRule.length, phrase);
        this.#phraseRule.push(position);
      }
    });
    rules.forEach((rule, position) => {
      if (rule.literals === undefined || rule.literals.length === 0) return;
      const escaped = rule.literals.map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.#literalRules.push([position, new RegExp(escaped.join('|'))]);
    });
    this.#segment = createSegmenter(this.#index.vocabulary);
    const vocabulary = this.#index.vocabulary;
    this.#isKnown = (word) => word.length >= 3 && vocabulary.has(word);
  }

  /** Which rules fired on `text` and with how many phrases; `document` as in {@link InjectionAssessment}. */
  hits(text: string, options: { explain?: boolean } = {}): { hits: RuleHit[]; document: boolean } {
    const lowered = text.toLowerCase();
    // Whether the text reads as a document matters only once a document-only rule matched.
    let isDocument: boolean | undefined;
    const readsAsDocument = () => {
      isDocument ??=
        this.documentMode === 'always' || (this.documentMode === 'auto' && documentScore(lowered) >= 3);
      return isDocument;
    };
    const normalized = normalizeText(text, { segment: this.#segment, isKnown: this.#isKnown });
    const byRule = new Map<number, RuleHit>();
    const count = (rule: number, evidence?: string) => {
      const hit = byRule.get(rule);
      if (hit) hit.phrases++;
      else byRule.set(rule, evidence === undefined ? { rule, phrases: 1 } : { rule, phrases: 1, evidence });
    };
    for (const match of this.#index.match(normalized.words, normalized.capitalized)) {
      const position = this.#phraseRule[match.id] as number;
      const rule = this.rules[position] as InjectionRule;
      if (rule.documentOnly && !readsAsDocument()) continue;
      if (rule.shoutedOnly && !normalized.shouted[match.start]) continue;
      count(position, options.explain ? normalized.words.slice(match.start, match.end).join(' ') : undefined);
    }
    this.#literalRules.forEach(([position, expression]) => {
      if (expression.test(lowered)) count(position);
    });
    this.rules.forEach((rule, position) => {
      if (rule.disguise !== undefined && normalized.disguises[rule.disguise] > 0) count(position);
    });
    return { hits: [...byRule.values()], document: isDocument ?? false };
  }

  /** Scores `text`; with `explain`, each signal carries the words that matched. */
  assess(text: string, options: { explain?: boolean } = {}): InjectionAssessment {
    const { hits, document } = this.hits(text, options);
    const signals: InjectionSignal[] = [];
    const byFamily = new Map<InjectionFamily, number>();
    for (const hit of hits) {
      const rule = this.rules[hit.rule] as InjectionRule;
      const weight = rule.weight * (hit.phrases > 1 ? 1 + REPEAT_BONUS : 1);
      byFamily.set(rule.family, (byFamily.get(rule.family) ?? 0) + weight);
      const signal: InjectionSignal = { id: rule.id, family: rule.family, weight };
      if (hit.evidence !== undefined) signal.evidence = hit.evidence;
      signals.push(signal);
    }
    let score = 0;
    for (const [family, sum] of byFamily) score += Math.min(sum, FAMILY_CAPS[family]);
    score = Math.round(score * 1000) / 1000;
    return { score, isInjection: score >= this.threshold, signals, document };
  }
}
