import { runPath } from '../components/paths.js';
import { loadRun } from '../load-run.js';
import type { UiState } from '../ui-state.js';
import type { ActionHandler } from './form-action.js';

/** `POST /ui/runs/{runId}/cancel`: cancels a paused run (its pending approvals become cancelled), as `POST .../cancel` does. */
export function cancelAction(ui: UiState): ActionHandler {
  return async (request) => {
    const runId = request.context.req.param('runId') ?? '';
    const loaded = await loadRun(ui, runId);
    await ui.services.runs.cancelRun(request.identity, loaded.kind, loaded.targetId, runId);
    return {
      redirect: runPath(runId),
      flash: {
        kind: 'notice',
        message: 'The run was cancelled; its pending approvals were cancelled with it.',
      },
    };
  };
}
