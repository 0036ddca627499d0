import type { RunOptions } from '../agent/agent.js';
import type { Store } from '../db/store.js';
import type { ContinueRunOptions } from '../run/resume.js';
import type { RunOutput } from '../run/run-output.js';
import type { RunStream } from '../run/run-stream.js';
import type { AnyTool } from '../tools/tool.js';

/** Whether a run target is an agent or a team; it picks the `/agents` or `/teams` routes. */
export type RunTargetKind = 'agent' | 'team';

/**
 * What the AgentOS needs from something that runs: an `Agent` fits as it is, and so does a `Team`
 * (id, name, run, continueRun, getRun). The stream methods are used when present, so the server
 * sees every event; without them a run is reported by its final event only.
 */
export interface RunTarget {
  readonly id: string;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  run(input: string, options?: RunOptions): Promise<RunOutput>;
  continueRun(options: ContinueRunOptions): Promise<RunOutput>;
  /** The stored run of this target, or `null` (unknown id, or another target's run). */
  getRun(runId: string): Promise<RunOutput | null>;
  runStream?(input: string, options?: RunOptions): RunStream;
  continueRunStream?(options: ContinueRunOptions): RunStream;
  /** The store the target keeps its runs in; when given it must be the AgentOS's own. */
  readonly db?: Store;
  /** The tools, for the listing and for checking an approver's edited arguments. */
  readonly tools?: readonly AnyTool[];
  /** A team's members, for the listing. */
  readonly members?: readonly { readonly id: string; readonly name?: string | undefined }[];
}
