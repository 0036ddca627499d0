export { genAiProviderName, SPAN_ATTRIBUTES } from './gen-ai-attributes.js';
export { LegTrace, type OpenSpan } from './leg-trace.js';
export { createRunTracer, RunTracer, TRACER_NAME, type TracingOptions } from './run-tracer.js';
export type { SpanAttributeValue, SpanRecord, SpanRecordKind, SpanRecordStatus } from './span-record.js';
export { MAX_BUFFERED_SPANS, SpanWriter } from './span-writer.js';
export { newSpanId, newTraceId } from './trace-ids.js';
export type { PruneTracesOptions, TraceDetail, TracePage, TraceQuery, TraceSummary } from './trace-record.js';
export { runTracedLeg } from './traced-leg.js';
export { withSpan } from './with-span.js';
