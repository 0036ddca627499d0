import type { CheckTrigger } from '../errors/check-trigger.js';
import { InputCheckError } from '../errors/input-check-error.js';
import { OutputCheckError } from '../errors/output-check-error.js';

/** Where a guardrail runs: on a run's input (a pre-hook) or on its output (a post-hook). */
export type GuardrailStage = 'input' | 'output';

/** What a guardrail is told besides the text; every field is optional outside a run. */
export interface GuardrailContext {
  /** `input` (default) for pre-hooks, `output` for post-hooks: decides the error class thrown. */
  stage?: GuardrailStage;
  runId?: string;
  agentId?: string;
  sessionId?: string;
  userId?: string;
  metadata?: Record<string, unknown>;
}

/** A guardrail's answer when it lets the text through: unchanged (nothing), or rewritten. */
export interface GuardrailVerdict {
  /** The rewritten text the model (or the caller) sees instead; absent when unchanged. */
  text?: string;
  /** What was changed, without the original values (kinds and counts); recorded in the trace. */
  additionalData?: Record<string, unknown>;
}

/** The value of {@link BaseGuardrail.check}: nothing (pass), a rewritten text, or a verdict. */
export type GuardrailResult = GuardrailVerdict | string | undefined;

/**
 * The base of every guardrail: a named check over the text of a run's input or output. `check`
 * returns nothing to let the text through, a rewritten text (or `{ text }`) to change it, and
 * throws {@link InputCheckError} (input) or {@link OutputCheckError} (output) to stop the run.
 *
 * @example
 * class NoTickets extends BaseGuardrail {
 *   readonly name = 'no_tickets';
 *   check(text: string, context?: GuardrailContext) {
 *     if (/JIRA-\d+/.test(text)) this.refuse(context, 'Ticket ids are not allowed here.', 'input_not_allowed');
 *   }
 * }
 */
export abstract class BaseGuardrail {
  /** Marks guardrail objects among hook functions. */
  readonly kind = 'countersign-guardrail' as const;
  /** A short snake_case name, used in errors, events and traces. */
  abstract readonly name: string;

  /** Checks `text`; may be synchronous or asynchronous (see the class comment). */
  abstract check(text: string, context?: GuardrailContext): GuardrailResult | Promise<GuardrailResult>;

  /**
   * Throws the error that stops a run at this stage: {@link InputCheckError} for input,
   * {@link OutputCheckError} for output. `message` must not contain the refused content.
   */
  protected refuse(
    context: GuardrailContext | undefined,
    message: string,
    checkTrigger: CheckTrigger,
    additionalData: Record<string, unknown> = {},
    cause?: unknown,
  ): never {
    const options = { checkTrigger, additionalData: { guardrail: this.name, ...additionalData }, cause };
    const withRun = context?.runId === undefined ? options : { ...options, runId: context.runId };
    if (context?.stage === 'output') {
      throw new OutputCheckError(message, {
        ...withRun,
        checkTrigger: checkTrigger === 'input_not_allowed' ? 'output_not_allowed' : checkTrigger,
      });
    }
    throw new InputCheckError(message, withRun);
  }
}

/** Whether a value is a guardrail object (made from {@link BaseGuardrail} or shaped like one). */
export function isGuardrail(value: unknown): value is BaseGuardrail {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { check?: unknown }).check === 'function' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}
