import { UserError } from './countersign-error.js';

/** One unresolved requirement, as named in {@link RequirementUnresolvedError}. */
export interface UnresolvedRequirementInfo {
  id: string;
  kind: string;
  toolName: string;
  toolCallId: string;
}

/** `continueRun` was called while some requirements of the paused run are still undecided. */
export class RequirementUnresolvedError extends UserError {
  constructor(
    readonly runId: string,
    readonly unresolved: UnresolvedRequirementInfo[],
  ) {
    const names = unresolved
      .map((item) => `${item.id} (${item.kind} for ${item.toolName}, call ${item.toolCallId})`)
      .join(', ');
    super(
      `Run ${runId} still has ${unresolved.length} unresolved requirement(s): ${names}. ` +
        'Decide each one (confirm(), reject(), provideUserInput() or setExternalExecutionResult()) before continueRun(); nothing was executed.',
    );
  }
}
