import { ValidationError } from '../../errors/index.js';
import type { SpanRecord } from '../../tracing/span-record.js';
import type { TraceSummary } from '../../tracing/trace-record.js';

/**
 * What a batch of spans adds to one trace's summary. Stores keep these counters (not the status
 * or the duration, which follow from them) and merge each new batch into them.
 */
export type TraceTotals = Omit<TraceSummary, 'durationMs' | 'status'> & {
  /** How many of the trace's spans ended with an error. */
  errorCount: number;
};

/** The GenAI operations whose spans are model calls: their token usage counts towards a trace. */
const INFERENCE_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content']);

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const KINDS = new Set(['internal', 'client', 'server', 'producer', 'consumer']);
const STATUSES = new Set(['unset', 'ok', 'error']);

/** Input plus output tokens of a model-call span; 0 for any other span. */
export function spanTokens(span: SpanRecord): number {
  const attributes = span.attributes;
  if (!INFERENCE_OPERATIONS.has(attributes['gen_ai.operation.name'] as string)) return 0;
  const input = attributes['gen_ai.usage.input_tokens'];
  const output = attributes['gen_ai.usage.output_tokens'];
  return (typeof input === 'number' ? input : 0) + (typeof output === 'number' ? output : 0);
}

function problem(span: SpanRecord): string | null {
  if (typeof span !== 'object' || span === null) return 'is not an object';
  if (typeof span.traceId !== 'string' || !TRACE_ID.test(span.traceId))
    return 'traceId must be 32 lower-case hex digits';
  if (typeof span.spanId !== 'string' || !SPAN_ID.test(span.spanId))
    return 'spanId must be 16 lower-case hex digits';
  if (
    span.parentSpanId !== null &&
    (typeof span.parentSpanId !== 'string' || !SPAN_ID.test(span.parentSpanId))
  )
    return 'parentSpanId must be null or 16 lower-case hex digits';
  if (typeof span.name !== 'string' || span.name.length === 0) return 'name must be a non-empty string';
  if (!KINDS.has(span.kind)) return `kind must be one of ${[...KINDS].join(', ')}`;
  if (!STATUSES.has(span.status)) return `status must be one of ${[...STATUSES].join(', ')}`;
  for (const key of ['startTime', 'endTime', 'durationMs'] as const) {
    if (!Number.isFinite(span[key])) return `${key} must be a finite number`;
  }
  if (span.endTime < span.startTime) return 'endTime must not be before startTime';
  if (typeof span.runId !== 'string' || span.runId.length === 0) return 'runId must be a non-empty string';
  if (typeof span.attributes !== 'object' || span.attributes === null || Array.isArray(span.attributes))
    return 'attributes must be an object';
  return null;
}

/** Checks every span of a `saveSpans` batch; the first malformed one is a `ValidationError` naming it. */
export function validateSpans(spans: readonly SpanRecord[]): void {
  if (!Array.isArray(spans)) {
    throw new ValidationError('saveSpans(spans) takes an array of span records.', [
      { path: 'spans', message: 'must be an array' },
    ]);
  }
  spans.forEach((span, index) => {
    const found = problem(span);
    if (found !== null) {
      throw new ValidationError(`saveSpans: span ${index} ${found}.`, [
        { path: `spans.${index}`, message: found },
      ]);
    }
  });
}

/**
 * Sums a batch of spans up per trace. The trace's identity (run, agent, name) comes from its
 * earliest root span in the batch (a span whose parent is not in the batch), or its earliest span.
 */
export function totalsOf(spans: readonly SpanRecord[]): Map<string, TraceTotals> {
  const totals = new Map<string, TraceTotals>();
  const identity = new Map<string, SpanRecord>();
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of spans) {
    const isRoot = span.parentSpanId === null || !ids.has(span.parentSpanId);
    const chosen = identity.get(span.traceId);
    const chosenIsRoot =
      chosen !== undefined && (chosen.parentSpanId === null || !ids.has(chosen.parentSpanId));
    if (
      chosen === undefined ||
      (isRoot && !chosenIsRoot) ||
      (isRoot === chosenIsRoot && span.startTime < chosen.startTime)
    ) {
      identity.set(span.traceId, span);
    }
    const current = totals.get(span.traceId);
    const errors = span.status === 'error' ? 1 : 0;
    if (current === undefined) {
      totals.set(span.traceId, {
        traceId: span.traceId,
        runId: span.runId,
        name: span.name,
        startTime: span.startTime,
        endTime: span.endTime,
        spanCount: 1,
        errorCount: errors,
        totalTokens: spanTokens(span),
      });
    } else {
      current.startTime = Math.min(current.startTime, span.startTime);
      current.endTime = Math.max(current.endTime, span.endTime);
      current.spanCount += 1;
      current.errorCount += errors;
      current.totalTokens += spanTokens(span);
    }
  }
  for (const [traceId, span] of identity) {
    const total = totals.get(traceId) as TraceTotals;
    total.runId = span.runId;
    total.name = span.name;
    if (span.agentId !== undefined) total.agentId = span.agentId;
    if (span.teamId !== undefined) total.teamId = span.teamId;
    if (span.sessionId !== undefined) total.sessionId = span.sessionId;
  }
  return totals;
}

/** Adds a later batch to stored totals; the stored identity (run, agent, name) stays. */
export function mergeTraceTotals(stored: TraceTotals, added: TraceTotals): TraceTotals {
  return {
    ...stored,
    startTime: Math.min(stored.startTime, added.startTime),
    endTime: Math.max(stored.endTime, added.endTime),
    spanCount: stored.spanCount + added.spanCount,
    errorCount: stored.errorCount + added.errorCount,
    totalTokens: stored.totalTokens + added.totalTokens,
  };
}

/** The summary `listTraces` and `getTrace` report for stored totals. */
export function toTraceSummary(totals: TraceTotals): TraceSummary {
  const summary: TraceSummary = {
    traceId: totals.traceId,
    runId: totals.runId,
    name: totals.name,
    startTime: totals.startTime,
    endTime: totals.endTime,
    durationMs: totals.endTime - totals.startTime,
    spanCount: totals.spanCount,
    status: totals.errorCount > 0 ? 'error' : 'ok',
    totalTokens: totals.totalTokens,
  };
  if (totals.agentId !== undefined) summary.agentId = totals.agentId;
  if (totals.teamId !== undefined) summary.teamId = totals.teamId;
  if (totals.sessionId !== undefined) summary.sessionId = totals.sessionId;
  return summary;
}
