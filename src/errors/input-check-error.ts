import type { CheckTrigger } from './check-trigger.js';
import { type CountersignErrorOptions, UserError } from './countersign-error.js';

/** Options of {@link InputCheckError} and {@link OutputCheckError}. */
export interface CheckErrorOptions extends CountersignErrorOptions {
  /** What fired; `input_not_allowed` (or `output_not_allowed`) when not given. */
  checkTrigger?: CheckTrigger;
  /** Details a caller may log or show: kinds found, scores, categories. Never the offending values. */
  additionalData?: Record<string, unknown>;
  /** The run that was stopped, when the check ran inside one. */
  runId?: string;
}

/**
 * A guardrail refused the input of a run: the model was never called with it. The message and
 * `additionalData` say what kind of content was found, never the content itself.
 */
export class InputCheckError extends UserError {
  /** The kind of check that fired. */
  readonly checkTrigger: CheckTrigger;
  /** Details of the decision (kinds found, scores), free of the refused values. */
  readonly additionalData: Record<string, unknown>;
  /** The stopped run; set by the hook runner when the check ran inside a run. */
  runId: string | undefined;

  constructor(message: string, options: CheckErrorOptions = {}) {
    super(message, options);
    this.checkTrigger = options.checkTrigger ?? 'input_not_allowed';
    this.additionalData = options.additionalData ?? {};
    this.runId = options.runId;
  }
}
