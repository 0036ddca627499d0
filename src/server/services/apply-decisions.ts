import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import type { RequirementData } from '../../run/run-document.js';
import { RunRequirement } from '../../run/run-requirement.js';

/** One decision of `POST .../continue`: how the caller decides one requirement of a paused run. */
export interface Decision {
  requirementId: string;
  /** `true` confirms a confirmation; `false` rejects any requirement. */
  confirm?: boolean | undefined;
  /** Why the call was rejected; the model receives it. */
  reason?: string | undefined;
  /** Values of the user-input fields (partial input is allowed). */
  userInput?: Record<string, unknown> | undefined;
  /** An external execution's result. */
  result?: unknown;
  isError?: boolean | undefined;
  /** Arguments replacing the model's when confirming. */
  editedArgs?: Record<string, unknown> | undefined;
}

function refuse(path: string, message: string, detail = ''): never {
  throw new ValidationError(`${path} ${message}.${detail === '' ? '' : ` ${detail}`}`, [{ path, message }]);
}

function prefixed(error: unknown, path: string): never {
  if (error instanceof ValidationError) {
    const issues: ValidationIssue[] = error.issues.map((issue) => ({
      path: issue.path === '' ? path : `${path}.${issue.path}`,
      message: issue.message,
    }));
    throw new ValidationError(error.message, issues.length > 0 ? issues : [{ path, message: error.message }]);
  }
  throw error;
}

function applyOne(requirement: RunRequirement, decision: Decision, path: string, decidedBy: string): void {
  const by = { decidedBy };
  if (decision.confirm === false) {
    requirement.reject(decision.reason, by);
    return;
  }
  const kind = requirement.kind;
  if (decision.editedArgs !== undefined && kind !== 'confirmation') {
    refuse(
      `${path}.editedArgs`,
      'only applies to a confirmation',
      `Requirement ${requirement.id} is '${kind}'.`,
    );
  }
  if (kind === 'confirmation') {
    if (decision.confirm !== true) {
      refuse(
        `${path}.confirm`,
        'must be true or false for a confirmation',
        `Requirement ${requirement.id} (${requirement.toolName}) waits for a yes or no.`,
      );
    }
    requirement.confirm({ ...by, ...(decision.editedArgs ? { editedArgs: decision.editedArgs } : {}) });
    return;
  }
  if (kind === 'external_execution') {
    if (!Object.hasOwn(decision, 'result') || decision.result === undefined) {
      refuse(
        `${path}.result`,
        'is required for an external execution',
        `Requirement ${requirement.id} (${requirement.toolName}) waits for the outside system's result (use null for none).`,
      );
    }
    requirement.setExternalExecutionResult(decision.result, {
      ...by,
      ...(decision.isError ? { isError: true } : {}),
    });
    return;
  }
  if (decision.userInput === undefined) {
    refuse(
      `${path}.userInput`,
      'is required for user input',
      `Requirement ${requirement.id} (${requirement.toolName}) waits for the fields ${(requirement.userInputSchema ?? []).map((field) => field.name).join(', ')}.`,
    );
  }
  try {
    requirement.provideUserInput(decision.userInput);
  } catch (error) {
    prefixed(error, `${path}.userInput`);
  }
}

/**
 * Applies API decisions to copies of a paused run's requirements, through the same checks as the
 * SDK (`confirm`, `reject`, `provideUserInput`, `setExternalExecutionResult`), each recorded as
 * decided by `decidedBy`. Returns the copies; the stored run is not touched.
 *
 * @throws ValidationError naming the field (`decisions.0.confirm`), RequirementStateError for a
 * requirement that was already decided.
 */
export function applyDecisions(
  requirements: readonly RequirementData[],
  decisions: readonly Decision[],
  decidedBy: string,
): RequirementData[] {
  const copies = structuredClone(requirements) as RequirementData[];
  const seen = new Set<string>();
  decisions.forEach((decision, index) => {
    const path = `decisions.${index}`;
    const data = copies.find((candidate) => candidate.id === decision.requirementId);
    if (!data) {
      refuse(
        `${path}.requirementId`,
        `is not a requirement of this run`,
        `The run waits for: ${copies.map((candidate) => `${candidate.id} (${candidate.toolName})`).join(', ') || 'nothing'}.`,
      );
    }
    if (seen.has(data.id)) refuse(`${path}.requirementId`, 'is decided twice in one request');
    seen.add(data.id);
    applyOne(new RunRequirement(data), decision, path, decidedBy);
  });
  return copies;
}
