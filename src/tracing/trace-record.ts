import type { SpanRecord } from './span-record.js';

/**
 * One trace as `listTraces` reports it: a run from its first leg to its last, across pauses and
 * processes, summed up from its spans.
 */
export interface TraceSummary {
  traceId: string;
  /** The run whose first stored span opened the trace. */
  runId: string;
  agentId?: string;
  teamId?: string;
  sessionId?: string;
  /** The name of the trace's first root span (`invoke_agent <agent>`). */
  name: string;
  /** Unix milliseconds (fractional): the earliest span start. */
  startTime: number;
  /** Unix milliseconds (fractional): the latest span end. */
  endTime: number;
  durationMs: number;
  spanCount: number;
  /** `error` when any span failed, `ok` otherwise. */
  status: 'ok' | 'error';
  /** Input plus output tokens of the trace's model calls (`chat` spans). */
  totalTokens: number;
}

/** Filters and position of `listTraces`. */
export interface TraceQuery {
  runId?: string;
  agentId?: string;
  teamId?: string;
  sessionId?: string;
  /** 1..500, default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of traces, newest first (`startTime` descending, `traceId` as tie-breaker). */
export interface TracePage {
  items: TraceSummary[];
  nextCursor: string | null;
}

/** A trace with all its spans, ordered by start time. */
export interface TraceDetail {
  trace: TraceSummary;
  spans: SpanRecord[];
}

/** Options of `pruneTraces`. */
export interface PruneTracesOptions {
  /**
   * Traces whose last span ended before this are deleted: a number of seconds before now, a
   * duration before now (`'90d'`, `'12h'`, `'2w'`), or a `Date`.
   */
  olderThan: number | string | Date;
  /** The clock to measure `olderThan` from (unix milliseconds); defaults to now. */
  now?: number;
}
