/** An attribute value, as OpenTelemetry allows it: a primitive or a homogeneous array of them. */
export type SpanAttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** The OpenTelemetry span kind, in lower case. */
export type SpanRecordKind = 'internal' | 'client' | 'server' | 'producer' | 'consumer';

/** The OpenTelemetry status code of a span, in lower case (`unset` unless something failed). */
export type SpanRecordStatus = 'unset' | 'ok' | 'error';

/**
 * One finished span as the Countersign store keeps it: the same ids, name, kind, timing, status
 * and attributes that went to the OpenTelemetry API, plus the run it belongs to. Times are unix
 * milliseconds with a fractional part (microsecond precision).
 */
export interface SpanRecord {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** 16 lower-case hex digits. */
  spanId: string;
  /** The parent's span id; `null` for a root span. */
  parentSpanId: string | null;
  /** `invoke_agent <agent>`, `chat <model>` or `execute_tool <tool>`. */
  name: string;
  kind: SpanRecordKind;
  /** Unix milliseconds (fractional). */
  startTime: number;
  /** Unix milliseconds (fractional). */
  endTime: number;
  durationMs: number;
  status: SpanRecordStatus;
  /** What went wrong, when `status` is `error`. */
  statusMessage?: string;
  /** `gen_ai.*` attributes of the OpenTelemetry GenAI conventions and `countersign.*` ones. */
  attributes: Record<string, SpanAttributeValue>;
  runId: string;
  agentId?: string;
  teamId?: string;
  sessionId?: string;
}
