import type { ApprovalResolutionData } from '../../approvals/approval-record.js';
import { ValidationError } from '../../errors/validation-error.js';
import { approvalPath } from '../components/paths.js';
import { loadRun } from '../load-run.js';
import type { UiState } from '../ui-state.js';
import { describeResolution } from './describe-outcome.js';
import type { ActionHandler } from './form-action.js';
import { optionalText, readUserInput } from './form-values.js';

/**
 * `POST /ui/approvals/{id}/resolve`: Approve or Reject (with a reason) through the same
 * `ApprovalService.resolve` as the API, as the verified identity: a self-approval or a missing role
 * is refused (and audited) exactly as there, and the refusal is shown on the approval page. An
 * approval of a user-input or external call may carry the values or the result.
 */
export function resolveAction(ui: UiState): ActionHandler {
  return async (request, form) => {
    const id = request.context.req.param('id') ?? '';
    const status = form.status;
    if (status !== 'approved' && status !== 'rejected') {
      throw new ValidationError('status must be approved or rejected.', [
        { path: 'status', message: 'must be approved or rejected' },
      ]);
    }
    const record = await ui.services.approvals.get(id);
    let resolutionData: Pick<ApprovalResolutionData, 'values' | 'result' | 'isError'> | undefined;
    if (status === 'approved' && record.requirementKind === 'external_execution') {
      const result = optionalText(form, 'result');
      if (result !== undefined) resolutionData = { result, isError: form.isError === 'true' };
    }
    if (
      status === 'approved' &&
      (record.requirementKind === 'user_input' || record.requirementKind === 'user_feedback')
    ) {
      const { run } = await loadRun(ui, record.runId);
      const fields =
        run.requirements.find((candidate) => candidate.id === record.requirementId)?.userInputSchema ?? [];
      const values = readUserInput(form, fields);
      if (Object.keys(values).length > 0) resolutionData = { values };
    }
    const outcome = await ui.services.approvals.resolve(request.identity, id, {
      status,
      reason: optionalText(form, 'reason'),
      ...(resolutionData === undefined ? {} : { resolutionData }),
    });
    return { redirect: approvalPath(id), flash: describeResolution(outcome) };
  };
}
