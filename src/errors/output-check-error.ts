import type { CheckTrigger } from './check-trigger.js';
import { UserError } from './countersign-error.js';
import type { CheckErrorOptions } from './input-check-error.js';

/**
 * A guardrail refused the output of a run (a post-hook): the run is stored with status `error`
 * and its content is not returned. The message and `additionalData` never repeat what was found.
 */
export class OutputCheckError extends UserError {
  /** The kind of check that fired. */
  readonly checkTrigger: CheckTrigger;
  /** Details of the decision (kinds found, categories), free of the refused values. */
  readonly additionalData: Record<string, unknown>;
  /** The stopped run; set by the hook runner when the check ran inside a run. */
  runId: string | undefined;

  constructor(message: string, options: CheckErrorOptions = {}) {
    super(message, options);
    this.checkTrigger = options.checkTrigger ?? 'output_not_allowed';
    this.additionalData = options.additionalData ?? {};
    this.runId = options.runId;
  }
}
