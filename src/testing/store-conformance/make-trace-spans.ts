import type { SpanRecord } from '../../tracing/span-record.js';
import { newSpanId, newTraceId } from '../../tracing/trace-ids.js';

/** What {@link makeLegSpans} builds one leg from. */
export interface LegSpansOptions {
  traceId?: string;
  runId?: string;
  agentId?: string;
  teamId?: string;
  sessionId?: string;
  /** Unix milliseconds (fractional) the leg starts at. */
  start?: number;
  /** The parent of the leg's span: the first leg's span for a continuation. */
  parentSpanId?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  /** Whether the tool call failed (its span and so the trace get status `error`). */
  toolFails?: boolean;
}

/**
 * The spans of one traced leg as the agent records them: `invoke_agent` with a `chat` and an
 * `execute_tool` span beneath it, with fractional times, unicode and array attributes.
 */
export function makeLegSpans(options: LegSpansOptions = {}): SpanRecord[] {
  const traceId = options.traceId ?? newTraceId();
  const runId = options.runId ?? `run_${traceId.slice(12)}`;
  const start = options.start ?? 1_790_000_000_000.125;
  const inputTokens = options.inputTokens ?? 120;
  const outputTokens = options.outputTokens ?? 30;
  const legSpanId = newSpanId();
  const base = {
    traceId,
    runId,
    ...(options.agentId === undefined ? { agentId: 'ops-agent' } : { agentId: options.agentId }),
    ...(options.teamId === undefined ? {} : { teamId: options.teamId }),
    sessionId: options.sessionId ?? 'session-1',
  };
  const leg: SpanRecord = {
    ...base,
    spanId: legSpanId,
    parentSpanId: options.parentSpanId ?? null,
    name: 'invoke_agent Ops — 🧾',
    kind: 'internal',
    startTime: start,
    endTime: start + 12.5,
    durationMs: 12.5,
    status: 'unset',
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.id': base.agentId,
      'gen_ai.usage.input_tokens': inputTokens,
      'gen_ai.usage.output_tokens': outputTokens,
      'countersign.run.status': 'paused',
    },
  };
  const chat: SpanRecord = {
    ...base,
    spanId: newSpanId(),
    parentSpanId: legSpanId,
    name: 'chat gpt-4o-mini',
    kind: 'client',
    startTime: start + 0.5,
    endTime: start + 8.25,
    durationMs: 7.75,
    status: 'unset',
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': inputTokens,
      'gen_ai.usage.output_tokens': outputTokens,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.request.temperature': 0.7,
    },
  };
  const tool: SpanRecord = {
    ...base,
    spanId: newSpanId(),
    parentSpanId: legSpanId,
    name: 'execute_tool restart_service',
    kind: 'internal',
    startTime: start + 8.5,
    endTime: start + 11.75,
    durationMs: 3.25,
    status: options.toolFails ? 'error' : 'unset',
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'restart_service',
      'countersign.tool.paused': true,
      'countersign.tool.args': ['billing-🧾', 'ap-南'],
    },
  };
  if (options.toolFails) tool.statusMessage = 'Error: disk full — ça va';
  return [leg, chat, tool];
}
