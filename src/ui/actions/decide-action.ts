import { ValidationError } from '../../errors/validation-error.js';
import type { Decision } from '../../server/services/apply-decisions.js';
import { runPath } from '../components/paths.js';
import { loadRun } from '../load-run.js';
import type { UiState } from '../ui-state.js';
import { describeRun } from './describe-outcome.js';
import type { ActionHandler, FormFields } from './form-action.js';
import { optionalText, readUserInput } from './form-values.js';

function decisionOf(
  form: FormFields,
  requirementId: string,
  fields: Parameters<typeof readUserInput>[1],
): Decision {
  switch (form.decision) {
    case 'confirm':
      return { requirementId, confirm: true };
    case 'reject':
      return { requirementId, confirm: false, reason: optionalText(form, 'reason') };
    case 'input': {
      const userInput = readUserInput(form, fields);
      if (Object.keys(userInput).length === 0) {
        throw new ValidationError('Fill in at least one field before sending.', [
          { path: 'userInput', message: 'is empty' },
        ]);
      }
      return { requirementId, userInput };
    }
    case 'result':
      return { requirementId, result: form.result ?? '', isError: form.isError === 'true' };
    default:
      throw new ValidationError('decision must be confirm, reject, input or result.', [
        { path: 'decision', message: 'must be confirm, reject, input or result' },
      ]);
  }
}

/**
 * `POST /ui/runs/{runId}/decide`: the run's user (or an admin; the executor role for external
 * results) decides one requirement: confirm, reject with a reason, give the input, report the
 * result. It goes through `RunService.continueRun`, as `POST .../continue` does: the run resumes
 * when nothing else is left, or keeps the decision until it is.
 */
export function decideAction(ui: UiState): ActionHandler {
  return async (request, form) => {
    const runId = request.context.req.param('runId') ?? '';
    const loaded = await loadRun(ui, runId);
    const requirement = loaded.run.requirements.find((candidate) => candidate.id === form.requirementId);
    if (requirement === undefined) {
      throw new ValidationError(
        `Run ${runId} has no requirement ${form.requirementId ?? '(none given)'} waiting; reload the page.`,
        [{ path: 'requirementId', message: 'is not a requirement of this run' }],
      );
    }
    const decision = decisionOf(form, requirement.id, requirement.userInputSchema ?? []);
    const outcome = await ui.services.runs.continueRun(
      request.identity,
      loaded.kind,
      loaded.targetId,
      runId,
      [decision],
    );
    const message = outcome.continued ? `Done. ${describeRun(outcome)}` : `Recorded. ${describeRun(outcome)}`;
    return { redirect: runPath(runId), flash: { kind: 'notice', message } };
  };
}
