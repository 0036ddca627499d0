import { UserError } from './countersign-error.js';

/** The model kept calling tools past the agent's `maxSteps` bound. */
export class MaxStepsExceededError extends UserError {
  constructor(
    readonly runId: string,
    readonly maxSteps: number,
  ) {
    super(
      `Run ${runId} reached the limit of ${maxSteps} model steps without a final answer. ` +
        "Raise the agent's maxSteps if the task really needs more tool calls.",
    );
  }
}
