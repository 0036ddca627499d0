import { RunNotFoundError } from '../errors/run-not-found-error.js';
import { upgradeRunDocument } from '../run/run-document-upgrade.js';
import { RunOutput } from '../run/run-output.js';
import type { RunTargetKind } from '../server/run-target.js';
import type { UiState } from './ui-state.js';

/** A stored run as the UI shows it, with the target that serves it (if this AgentOS does). */
export interface LoadedRun {
  run: RunOutput;
  kind: RunTargetKind;
  /** The agent or team id the run's routes use. */
  targetId: string;
  /** Whether this AgentOS serves the run's agent or team (only then can it be continued here). */
  served: boolean;
}

/**
 * Reads a run from the store, the way `RunService.listRuns` does, and names its agent or team.
 *
 * @throws RunNotFoundError for an unknown id.
 */
export async function loadRun(ui: UiState, runId: string): Promise<LoadedRun> {
  const stored = await ui.services.db.getRun(runId);
  if (!stored) throw new RunNotFoundError(runId);
  const run = new RunOutput(upgradeRunDocument(stored.document));
  const kind: RunTargetKind = run.teamId === undefined ? 'agent' : 'team';
  const targetId = run.teamId ?? run.agentId;
  return { run, kind, targetId, served: ui.services.registry.forRun(run.toDocument()) !== undefined };
}
