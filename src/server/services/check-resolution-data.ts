import type { ApprovalRecord, ApprovalResolutionData } from '../../approvals/approval-record.js';
import type { Store } from '../../db/store.js';
import { ValidationError } from '../../errors/validation-error.js';
import { isUserInputKind } from '../../run/run-document.js';
import { RunRequirement } from '../../run/run-requirement.js';
import type { RunTarget } from '../run-target.js';

function refuse(path: string, message: string): never {
  throw new ValidationError(`${path} ${message}.`, [{ path, message }]);
}

function prefixed(error: unknown, path: string): never {
  if (!(error instanceof ValidationError)) throw error;
  throw new ValidationError(
    error.message,
    error.issues.map((issue) => ({
      path: issue.path === '' ? path : `${path}.${issue.path}`,
      message: issue.message,
    })),
  );
}

/**
 * Checks what an approver supplies with an approval (edited arguments, user-input values, an
 * external result) against the call's lane and its tool's schema before the record is written: a
 * final approval whose data the run could never use would leave the run stuck.
 *
 * @throws ValidationError naming the field (`resolutionData.editedArgs.amount`).
 */
export async function checkResolutionData(
  db: Store,
  target: RunTarget | undefined,
  record: ApprovalRecord,
  data: ApprovalResolutionData,
): Promise<void> {
  const kind = record.requirementKind;
  if (data.editedArgs !== undefined) {
    if (kind !== 'confirmation') refuse('resolutionData.editedArgs', `does not apply to a '${kind}' call`);
    const tool = target?.tools?.find((candidate) => candidate.name === record.toolName);
    const checked = tool?.schema.validate({ ...record.toolArgs, ...data.editedArgs });
    if (checked && !checked.ok) {
      prefixed(
        new ValidationError(
          `The edited arguments of ${record.toolName} are invalid: ${checked.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`,
          checked.issues,
        ),
        'resolutionData.editedArgs',
      );
    }
  }
  if (data.result !== undefined && kind !== 'external_execution') {
    refuse('resolutionData.result', `does not apply to a '${kind}' call`);
  }
  if (data.values !== undefined) {
    if (!isUserInputKind(kind)) refuse('resolutionData.values', `does not apply to a '${kind}' call`);
    const stored = await db.getRun(record.runId);
    const requirement = stored?.document.requirements.find((item) => item.id === record.requirementId);
    if (!requirement) return;
    const blank = structuredClone(requirement);
    blank.decision = undefined;
    for (const field of blank.userInputSchema ?? []) field.value = undefined;
    try {
      new RunRequirement(blank).provideUserInput(data.values);
    } catch (error) {
      prefixed(error, 'resolutionData.values');
    }
  }
}
