import { context } from '@opentelemetry/api';
import type { OpenSpan } from './leg-trace.js';

/**
 * Runs `work` with the span active in the OpenTelemetry context, so spans made inside it (a
 * tool's own HTTP calls, a provider's request) become its children. Without an OpenTelemetry
 * span it only runs `work`.
 */
export function withSpan<T>(span: OpenSpan | undefined, work: () => T): T {
  return span?.context === undefined ? work() : context.with(span.context, work);
}
