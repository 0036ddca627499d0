import { ConfigurationError } from '../../errors/configuration-error.js';
import { BaseGuardrail, type GuardrailContext, type GuardrailResult } from '../base-guardrail.js';
import { classifyNumber } from './classify-number.js';
import { findEmails } from './find-emails.js';
import { maskEntities, resolveOverlaps } from './mask-entities.js';
import { findNumberCandidates } from './number-candidates.js';
import type { PiiEntity } from './pii-entity.js';

/** Options of {@link PIIDetectionGuardrail}. Every built-in check is on unless turned off. */
export interface PIIDetectionGuardrailOptions {
  /** Replace what is found by typed placeholders (`[EMAIL]`) instead of stopping the run. */
  maskPii?: boolean;
  enableSsnCheck?: boolean;
  enableCreditCardCheck?: boolean;
  enableEmailCheck?: boolean;
  enablePhoneCheck?: boolean;
  /**
   * More kinds, by name: a RegExp, or a string holding a regular-expression source. The name
   * becomes the placeholder (`employeeId` -> `[EMPLOYEE_ID]`). Their backtracking is yours to bound.
   */
  customPatterns?: Record<string, RegExp | string>;
}

function compileCustomPatterns(
  patterns: Record<string, RegExp | string> | undefined,
): Array<[string, RegExp]> {
  return Object.entries(patterns ?? {}).map(([name, pattern]) => {
    try {
      const source = typeof pattern === 'string' ? pattern : pattern.source;
      const flags = typeof pattern === 'string' ? 'g' : `${pattern.flags.replace(/[gy]/g, '')}g`;
      return [name, new RegExp(source, flags)];
    } catch (error) {
      throw new ConfigurationError(
        `PIIDetectionGuardrail: customPatterns.${name} is not a valid regular expression; fix its source.`,
        { cause: error },
      );
    }
  });
}

/**
 * Finds personal data (US social security numbers, payment cards, e-mail addresses, phone
 * numbers, and custom patterns) in a run's input or output. With `maskPii` it replaces each
 * value by a typed placeholder before the model sees it; without, it stops the run with
 * `InputCheckError` (`checkTrigger: 'pii_detected'`) naming the kinds found, never the values.
 *
 * Cards must pass the Luhn check and carry a known network prefix; SSNs must be issuable (no
 * area 000, 666 or 9xx, no group 00, no serial 0000), and nine plain digits count only after
 * words such as "SSN" or "social security"; phone numbers cover US forms, `+CC` international
 * forms with `(0)` trunk digits, and `00` prefixes. The scan is linear in the text's length.
 *
 * @example
 * new Agent({ model, preHooks: [new PIIDetectionGuardrail({ maskPii: true, customPatterns: { employeeId: /EMP-\d{6}/ } })] });
 */
export class PIIDetectionGuardrail extends BaseGuardrail {
  readonly name = 'pii_detection';
  readonly maskPii: boolean;
  readonly #kinds: { creditCard: boolean; ssn: boolean; phone: boolean; email: boolean };
  readonly #customPatterns: Array<[string, RegExp]>;

  constructor(options: PIIDetectionGuardrailOptions = {}) {
    super();
    this.maskPii = options.maskPii ?? false;
    this.#kinds = {
      ssn: options.enableSsnCheck ?? true,
      creditCard: options.enableCreditCardCheck ?? true,
      email: options.enableEmailCheck ?? true,
      phone: options.enablePhoneCheck ?? true,
    };
    this.#customPatterns = compileCustomPatterns(options.customPatterns);
  }

  /** Every piece of personal data in `text`, sorted and without overlaps. */
  detect(text: string): PiiEntity[] {
    const entities: PiiEntity[] = [];
    if (this.#kinds.email) {
      for (const span of findEmails(text)) entities.push({ type: 'email', ...span });
    }
    if (this.#kinds.ssn || this.#kinds.creditCard || this.#kinds.phone) {
      for (const candidate of findNumberCandidates(text)) {
        const type = classifyNumber(text, candidate, this.#kinds);
        if (type !== null) entities.push({ type, start: candidate.start, end: candidate.end });
      }
    }
    for (const [type, pattern] of this.#customPatterns) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (match[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        entities.push({ type, start: match.index, end: match.index + match[0].length });
      }
    }
    return resolveOverlaps(entities);
  }

  /** `text` with every piece of personal data replaced by its placeholder (`[EMAIL]`, `[CREDIT_CARD]`). */
  mask(text: string): string {
    return maskEntities(text, this.detect(text));
  }

  check(text: string, context?: GuardrailContext): GuardrailResult {
    const entities = this.detect(text);
    if (entities.length === 0) return undefined;
    const counts: Record<string, number> = {};
    for (const entity of entities) counts[entity.type] = (counts[entity.type] ?? 0) + 1;
    const detectedPii = Object.keys(counts);
    if (this.maskPii) {
      return {
        text: maskEntities(text, entities),
        additionalData: { detectedPii, counts, action: 'masked' },
      };
    }
    const where = context?.stage === 'output' ? 'output' : 'input';
    return this.refuse(
      context,
      `Personal data found in the ${where} (${detectedPii.join(', ')}); the run was stopped. ` +
        'Remove it, or use PIIDetectionGuardrail({ maskPii: true }) to replace it with placeholders.',
      'pii_detected',
      { detectedPii, counts },
    );
  }
}
