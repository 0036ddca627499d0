import type { RunOutput } from '../run/run-output.js';
import type { RunLeg } from '../run/run-runtime.js';

/**
 * Runs one leg of a run under its trace: opens the `invoke_agent` span (recording the trace in
 * the run document on the first leg), ends it with the leg's outcome once the run is saved, and
 * queues the leg's spans for the store (written on the next tick; see `SpanWriter`). Without a
 * tracer, or with nobody to receive spans, it only runs the leg.
 */
export async function runTracedLeg(
  leg: RunLeg,
  body: (leg: RunLeg) => Promise<RunOutput>,
): Promise<RunOutput> {
  const tracer = leg.runtime.tracer;
  const legTrace = tracer?.startLeg(leg.runtime, leg.document);
  if (tracer === undefined || legTrace === undefined) return body(leg);
  leg.trace = legTrace;
  try {
    const output = await body(leg);
    legTrace.end(output.status);
    return output;
  } catch (error) {
    legTrace.fail(error);
    throw error;
  } finally {
    await tracer.finishLeg(legTrace);
  }
}
