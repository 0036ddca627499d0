import { parseDuration } from '../../approvals/approval.js';
import { ConfigurationError, ValidationError } from '../../errors/index.js';
import type { PruneTracesOptions, TraceQuery, TraceSummary } from '../../tracing/trace-record.js';
import { invalidCursor } from './approval-query.js';

/** The page size of `listTraces` when the query names none. */
export const DEFAULT_TRACES_LIMIT = 50;

/** The largest page `listTraces` returns. */
export const MAX_TRACES_LIMIT = 500;

/** The position after which the next page of `listTraces` starts: the last trace returned. */
export interface TraceCursor {
  startTime: number;
  traceId: string;
}

/** The filters of a trace query that narrow by equality, in the order compiled query shapes use. */
export const TRACE_FILTERS = ['runId', 'agentId', 'teamId', 'sessionId'] as const satisfies ReadonlyArray<
  keyof TraceQuery & keyof TraceSummary
>;

/** One filter name of {@link TRACE_FILTERS}. */
export type TraceFilter = (typeof TRACE_FILTERS)[number];

/** A `listTraces` query with its limit checked and its cursor decoded. */
export interface TraceQueryBounds {
  limit: number;
  after: TraceCursor | null;
}

/** Checks the limit and decodes the cursor of a `listTraces` query, identically in every backend. */
export function resolveTraceQueryBounds(query: TraceQuery): TraceQueryBounds {
  const limit = query.limit ?? DEFAULT_TRACES_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRACES_LIMIT) {
    throw new ValidationError(
      `listTraces limit must be an integer from 1 to ${MAX_TRACES_LIMIT}, got ${String(limit)}.`,
      [{ path: 'limit', message: `must be an integer from 1 to ${MAX_TRACES_LIMIT}` }],
    );
  }
  return { limit, after: query.cursor === undefined ? null : decodeTraceCursor(query.cursor) };
}

/** The filters a query sets, in {@link TRACE_FILTERS} order. */
export function activeTraceFilters(query: TraceQuery): TraceFilter[] {
  return TRACE_FILTERS.filter((filter) => query[filter] !== undefined);
}

/**
 * Orders traces newest first (`startTime` descending, then `traceId` descending): positive when
 * `trace` comes after the position `(startTime, traceId)`.
 */
export function compareTracesNewestFirst(trace: TraceCursor, startTime: number, traceId: string): number {
  if (trace.startTime !== startTime) return startTime - trace.startTime;
  if (trace.traceId === traceId) return 0;
  return trace.traceId < traceId ? 1 : -1;
}

/** Encodes a keyset cursor as opaque base64url text, tagged so other listings' cursors are refused. */
export function encodeTraceCursor(cursor: TraceCursor): string {
  return Buffer.from(JSON.stringify(['traces', cursor.startTime, cursor.traceId]), 'utf8').toString(
    'base64url',
  );
}

/** Decodes a cursor made by {@link encodeTraceCursor}; anything else is an `InvalidCursorError`. */
export function decodeTraceCursor(text: string): TraceCursor {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(text, 'listTraces');
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    decoded[0] !== 'traces' ||
    !Number.isFinite(decoded[1]) ||
    typeof decoded[2] !== 'string'
  ) {
    throw invalidCursor(text, 'listTraces');
  }
  return { startTime: decoded[1] as number, traceId: decoded[2] as string };
}

/**
 * The cutoff of `pruneTraces` in unix milliseconds: traces whose last span ended before it go.
 * `olderThan` is seconds or a duration (`'90d'`) before `now`, or a `Date`.
 */
export function pruneCutoff(options: PruneTracesOptions): number {
  const olderThan = options?.olderThan;
  const now = options?.now ?? Date.now();
  if (olderThan instanceof Date) {
    const time = olderThan.getTime();
    if (Number.isFinite(time)) return time;
  } else if (typeof olderThan === 'number' || typeof olderThan === 'string') {
    try {
      return now - parseDuration(olderThan, 'pruneTraces olderThan') * 1000;
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
    }
  }
  throw new ValidationError(
    `pruneTraces({ olderThan }) takes a positive number of seconds, a duration like '90d' or '12h', or a Date; got ${String(olderThan)}.`,
    [{ path: 'olderThan', message: "must be seconds, a duration like '90d', or a Date" }],
  );
}
