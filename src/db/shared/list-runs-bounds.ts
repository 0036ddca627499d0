import { ValidationError } from '../../errors/index.js';
import type { ListRunsQuery } from '../store.js';
import { decodeRunCursor, type RunCursor } from './run-cursor.js';

/** The page size of `listRuns` when the query names none. */
export const DEFAULT_LIST_RUNS_LIMIT = 50;

/** The largest page `listRuns` returns. */
export const MAX_LIST_RUNS_LIMIT = 500;

/** A `listRuns` query with its limit checked and its cursor decoded, as every backend needs it. */
export interface ListRunsBounds {
  limit: number;
  after: RunCursor | null;
}

/**
 * Checks the limit and decodes the cursor of a `listRuns` query, so that every backend rejects the
 * same inputs with the same errors.
 */
export function resolveListRunsBounds(query: ListRunsQuery): ListRunsBounds {
  const limit = query.limit ?? DEFAULT_LIST_RUNS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_RUNS_LIMIT) {
    throw new ValidationError(
      `listRuns limit must be an integer from 1 to ${MAX_LIST_RUNS_LIMIT}, got ${String(limit)}.`,
      [{ path: 'limit', message: `must be an integer from 1 to ${MAX_LIST_RUNS_LIMIT}` }],
    );
  }
  return { limit, after: query.cursor === undefined ? null : decodeRunCursor(query.cursor) };
}
