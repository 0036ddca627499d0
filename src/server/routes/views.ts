import type { RunOutput } from '../../run/run-output.js';
import { errorBody } from '../middleware/error-handler.js';
import type { ResolveOutcome } from '../services/approval-service.js';
import type { ContinueOutcome } from '../services/run-service.js';

/** A continue or resolve outcome as JSON: the run's plain view, a resume error as an error body. */
export function outcomeView(outcome: Partial<ContinueOutcome> | ResolveOutcome): Record<string, unknown> {
  const { continueError, run, ...rest } = outcome;
  return {
    ...rest,
    ...(run === undefined ? {} : { run: run.toJSON() }),
    ...(continueError === undefined ? {} : { continueError: errorBody(continueError).error }),
  };
}

/** A run as JSON. */
export function runView(run: RunOutput): Record<string, unknown> {
  return run.toJSON();
}

/** Whether the client asked for server-sent events (the body's `stream`, or the Accept header). */
export function wantsStream(accept: string | undefined, stream: boolean | undefined): boolean {
  return stream === true || (stream !== false && (accept ?? '').includes('text/event-stream'));
}
