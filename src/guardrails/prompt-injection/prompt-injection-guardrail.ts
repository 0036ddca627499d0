import type { LanguageModelV3 } from '@ai-sdk/provider';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { BaseGuardrail, type GuardrailContext, type GuardrailResult } from '../base-guardrail.js';
import { DEFAULT_INJECTION_RULES, DEFAULT_INJECTION_THRESHOLD } from './default-rules.js';
import type { InjectionRule } from './injection-rule.js';
import { type DocumentMode, type InjectionAssessment, InjectionScorer } from './injection-scorer.js';
import { classifyWithModel } from './model-classifier.js';

/** A model that judges what the rules let through. */
export interface PromptInjectionClassifierOptions {
  /** Any AI SDK `LanguageModelV3`. */
  model: LanguageModelV3;
  /**
   * `always` (default): ask the model about every text the rules did not block.
   * `uncertain`: only about texts where some rule fired without reaching the threshold.
   */
  mode?: 'always' | 'uncertain';
  /** Replaces the built-in classification instruction; the answer must contain INJECTION or SAFE. */
  prompt?: string;
}

/** Options of {@link PromptInjectionGuardrail}. */
export interface PromptInjectionGuardrailOptions {
  /**
   * More patterns that block on their own, beside the built-in rules: a string is a phrase over
   * normalised words (`'reveal ~2 the ~1 launch codes'`: `~N` lets N words stand between), a
   * RegExp is tested on the raw text.
   */
  injectionPatterns?: ReadonlyArray<string | RegExp>;
  /** The score that blocks (default 0.7); lower catches more and flags more benign text. */
  threshold?: number;
  /**
   * Rules for instructions planted in documents and e-mails apply when the text reads as one
   * (`auto`, default), to every text (`always`, for tool output and retrieved documents), or never.
   */
  documentMode?: DocumentMode;
  /** An AI SDK model used as a second opinion; a failed call blocks (fail closed). */
  classifier?: LanguageModelV3 | PromptInjectionClassifierOptions;
}

function isLanguageModel(value: unknown): value is LanguageModelV3 {
  return (
    typeof value === 'object' && value !== null && typeof (value as LanguageModelV3).doGenerate === 'function'
  );
}

function customRule(patterns: readonly string[]): InjectionRule[] {
  return patterns.length === 0
    ? []
    : [{ id: 'custom-pattern', family: 'custom', weight: 1, phrases: patterns }];
}

/**
 * Blocks prompt injection and jailbreak attempts with `InputCheckError`
 * (`checkTrigger: 'prompt_injection'`), without a model: the text is normalised (case, accents,
 * look-alike letters from other scripts, digits written for letters, spaced-out letters, invisible
 * characters), then scored against phrase rules with bounded gaps ("ignore *all the* previous
 * instructions"): instruction overrides, prompt extraction, jailbreak personas (DAN, developer
 * mode, "you are now"), restriction removal ("no restrictions"), refusal suppression, task
 * switches, attacks in German, Spanish, French, Italian, Portuguese, Dutch, Polish, Croatian,
 * Turkish, Russian, Chinese, Japanese and Korean, and instructions planted in documents or e-mails
 * (indirect injection). Optionally an AI SDK model judges what the rules let through.
 *
 * @example
 * new Agent({ model, preHooks: [new PromptInjectionGuardrail({ classifier: openai('gpt-4o-mini') })] });
 */
export class PromptInjectionGuardrail extends BaseGuardrail {
  readonly name = 'prompt_injection';
  readonly #scorer: InjectionScorer;
  readonly #expressions: RegExp[];
  readonly #classifier:
    | (Required<Omit<PromptInjectionClassifierOptions, 'prompt'>> & { prompt?: string })
    | undefined;

  constructor(options: PromptInjectionGuardrailOptions = {}) {
    super();
    const threshold = options.threshold ?? DEFAULT_INJECTION_THRESHOLD;
    if (!(threshold > 0)) {
      throw new ConfigurationError(
        `PromptInjectionGuardrail: threshold must be a positive number, got ${threshold}.`,
      );
    }
    const phrases: string[] = [];
    this.#expressions = [];
    for (const pattern of options.injectionPatterns ?? []) {
      if (typeof pattern === 'string') phrases.push(pattern);
      else if (pattern instanceof RegExp)
        this.#expressions.push(new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')));
      else
        throw new ConfigurationError(
          'PromptInjectionGuardrail: injectionPatterns holds strings and RegExps only.',
        );
    }
    try {
      this.#scorer = new InjectionScorer(
        [...DEFAULT_INJECTION_RULES, ...customRule(phrases)],
        threshold,
        options.documentMode ?? 'auto',
      );
    } catch (error) {
      throw new ConfigurationError(
        `PromptInjectionGuardrail: an injection pattern is malformed (${error instanceof Error ? error.message : String(error)}).`,
        { cause: error },
      );
    }
    const classifier = options.classifier;
    if (classifier !== undefined) {
      const settings = isLanguageModel(classifier) ? { model: classifier } : classifier;
      if (!isLanguageModel(settings.model)) {
        throw new ConfigurationError(
          'PromptInjectionGuardrail: classifier must be an AI SDK LanguageModelV3.',
        );
      }
      this.#classifier = { ...settings, mode: settings.mode ?? 'always' };
    }
  }

  /** The rules' verdict on `text`, without the classifier; `explain` adds the matched words to each signal. */
  assess(text: string, options: { explain?: boolean } = {}): InjectionAssessment {
    const assessment = this.#scorer.assess(text, options);
    if (!assessment.isInjection && this.#expressions.some((expression) => expression.test(text))) {
      return {
        ...assessment,
        isInjection: true,
        score: Math.max(assessment.score, this.#scorer.threshold),
        signals: [...assessment.signals, { id: 'custom-pattern', family: 'custom', weight: 1 }],
      };
    }
    return assessment;
  }

  async check(text: string, context?: GuardrailContext): Promise<GuardrailResult> {
    const assessment = this.assess(text);
    const stopped =
      context?.stage === 'output'
        ? 'the output was withheld'
        : 'the run was stopped before the model saw the text';
    const details = {
      score: assessment.score,
      threshold: this.#scorer.threshold,
      signals: [...new Set(assessment.signals.map((signal) => signal.id))],
    };
    if (assessment.isInjection) {
      return this.refuse(
        context,
        `Prompt injection detected (${details.signals.join(', ')}); ${stopped}.`,
        'prompt_injection',
        details,
      );
    }
    const classifier = this.#classifier;
    if (classifier === undefined || (classifier.mode === 'uncertain' && assessment.signals.length === 0)) {
      return undefined;
    }
    let label: 'injection' | 'safe';
    try {
      label = (await classifyWithModel(classifier.model, text, { prompt: classifier.prompt })).label;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.refuse(
        context,
        `The prompt-injection classifier failed (${reason}); the guardrail fails closed, so ${stopped}.`,
        'prompt_injection',
        { ...details, classifier: 'error', classifierError: reason },
        error,
      );
    }
    if (label === 'injection') {
      return this.refuse(
        context,
        `Prompt injection detected by the classifier model; ${stopped}.`,
        'prompt_injection',
        { ...details, classifier: 'injection' },
      );
    }
    return undefined;
  }
}
