import { BaseGuardrail, type GuardrailContext, type GuardrailResult } from '../base-guardrail.js';
import { flaggedCategories, type ModerationFunction } from './moderation-result.js';
import { type OpenAIModerationOptions, openAIModeration } from './openai-moderation.js';

/** Options of {@link ModerationGuardrail}. */
export interface ModerationGuardrailOptions extends OpenAIModerationOptions {
  /** The moderation service; default: OpenAI's moderation endpoint (the other options configure it). */
  moderate?: ModerationFunction;
  /** Stop only when one of these categories is flagged; default: whenever the text is flagged. */
  raiseForCategories?: readonly string[];
}

/**
 * Stops a run whose input (or output) a moderation service flags, with `InputCheckError`
 * (`OutputCheckError` as a post-hook), `checkTrigger: 'input_not_allowed'`
 * (`'output_not_allowed'`) and the flagged categories. The service is pluggable; by default it is
 * OpenAI's moderation endpoint (`OPENAI_API_KEY`, `OPENAI_BASE_URL`). When the service fails, the
 * run is stopped too (fail closed).
 *
 * @example
 * new ModerationGuardrail({ moderate: async (text) => ({ flagged: text.includes('badword'), categories: ['profanity'] }) });
 */
export class ModerationGuardrail extends BaseGuardrail {
  readonly name = 'moderation';
  readonly #moderate: ModerationFunction;
  readonly #categories: readonly string[] | undefined;

  constructor(options: ModerationGuardrailOptions = {}) {
    super();
    this.#moderate = options.moderate ?? openAIModeration(options);
    this.#categories = options.raiseForCategories;
  }

  async check(text: string, context?: GuardrailContext): Promise<GuardrailResult> {
    const where = context?.stage === 'output' ? 'output' : 'input';
    let result: Awaited<ReturnType<ModerationFunction>>;
    try {
      result = await this.#moderate(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.refuse(
        context,
        `The moderation check of the ${where} failed (${reason}); the guardrail fails closed, so the run was stopped.`,
        'input_not_allowed',
        { moderationError: reason },
        error,
      );
    }
    if (!result.flagged) return undefined;
    const categories = flaggedCategories(result);
    const relevant =
      this.#categories === undefined
        ? categories
        : categories.filter((name) => this.#categories?.includes(name));
    if (this.#categories !== undefined && relevant.length === 0) return undefined;
    return this.refuse(
      context,
      `The ${where} was flagged by moderation${relevant.length > 0 ? ` (${relevant.join(', ')})` : ''}; the run was stopped.`,
      'input_not_allowed',
      { flaggedCategories: relevant },
    );
  }
}

/** {@link ModerationGuardrail} under Agno's name; by default it calls OpenAI's moderation endpoint. */
export const OpenAIModerationGuardrail = ModerationGuardrail;
/** The type of {@link OpenAIModerationGuardrail}. */
export type OpenAIModerationGuardrail = ModerationGuardrail;
