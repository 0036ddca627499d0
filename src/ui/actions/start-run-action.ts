import { ValidationError } from '../../errors/validation-error.js';
import type { RunTargetKind } from '../../server/run-target.js';
import { runPath } from '../components/paths.js';
import { runStatusLabel } from '../components/status.js';
import type { UiState } from '../ui-state.js';
import type { ActionHandler } from './form-action.js';

/**
 * `POST /ui/runs`: starts a run of the chosen agent or team as the verified identity, through
 * `RunService.createRun` (as `POST /agents/{agentId}/runs` does), and shows it.
 */
export function startRunAction(ui: UiState): ActionHandler {
  return async (request, form) => {
    const message = form.message?.trim() ?? '';
    if (message === '') {
      throw new ValidationError('Write a message for the agent.', [{ path: 'message', message: 'is empty' }]);
    }
    const [kind, ...rest] = (form.target ?? '').split(':');
    const targetId = rest.join(':');
    if ((kind !== 'agent' && kind !== 'team') || targetId === '') {
      throw new ValidationError('Pick the agent or team to run.', [
        { path: 'target', message: 'is missing' },
      ]);
    }
    const run = await ui.services.runs.createRun(request.identity, kind as RunTargetKind, targetId, {
      message,
    });
    if (run.status === 'error') {
      return {
        redirect: runPath(run.runId),
        flash: { kind: 'error', message: `The run failed: ${run.error?.message ?? 'unknown error'}` },
      };
    }
    if (!run.isPaused) return { redirect: runPath(run.runId) };
    const waiting = await ui.services.runs.waitingFor(run);
    return {
      redirect: runPath(run.runId),
      flash: {
        kind: 'notice',
        message: `The run paused: ${runStatusLabel(run, waiting).text.toLowerCase()}.`,
      },
    };
  };
}
