import type { ApprovalQuery, ApprovalRecord } from '../../approvals/approval-record.js';
import { InvalidCursorError, ValidationError } from '../../errors/index.js';

/** The page size of `getApprovals` when the query names none. */
export const DEFAULT_APPROVALS_LIMIT = 50;

/** The largest page `getApprovals` returns. */
export const MAX_APPROVALS_LIMIT = 500;

/** The position after which the next page of `getApprovals` starts: the last record returned. */
export interface ApprovalCursor {
  createdAt: number;
  id: string;
}

/** The filters of an approval query that narrow by equality, with their record field. */
export const APPROVAL_FILTERS = [
  'status',
  'type',
  'requirementKind',
  'approverRole',
  'agentId',
  'teamId',
  'runId',
  'sessionId',
  'requestedBy',
] as const satisfies ReadonlyArray<keyof ApprovalQuery & keyof ApprovalRecord>;

/** One filter name of {@link APPROVAL_FILTERS}. */
export type ApprovalFilter = (typeof APPROVAL_FILTERS)[number];

/** A `getApprovals` query with its limit checked and its cursor decoded. */
export interface ApprovalQueryBounds {
  limit: number;
  after: ApprovalCursor | null;
}

/** Checks the limit and decodes the cursor of a `getApprovals` query, identically in every backend. */
export function resolveApprovalQueryBounds(query: ApprovalQuery): ApprovalQueryBounds {
  const limit = query.limit ?? DEFAULT_APPROVALS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_APPROVALS_LIMIT) {
    throw new ValidationError(
      `getApprovals limit must be an integer from 1 to ${MAX_APPROVALS_LIMIT}, got ${String(limit)}.`,
      [{ path: 'limit', message: `must be an integer from 1 to ${MAX_APPROVALS_LIMIT}` }],
    );
  }
  return { limit, after: query.cursor === undefined ? null : decodeApprovalCursor(query.cursor) };
}

/** The filters a query sets, in {@link APPROVAL_FILTERS} order (the key of a compiled query shape). */
export function activeApprovalFilters(query: ApprovalQuery): ApprovalFilter[] {
  return APPROVAL_FILTERS.filter((filter) => query[filter] !== undefined);
}

/** Whether a record matches every filter of the query (limit and cursor aside). */
export function matchesApprovalQuery(record: ApprovalRecord, query: ApprovalQuery): boolean {
  for (const filter of APPROVAL_FILTERS) {
    const wanted = query[filter];
    if (wanted !== undefined && record[filter] !== wanted) return false;
  }
  return true;
}

/**
 * Orders records newest first (`createdAt` descending, then `id` descending): negative when
 * `record` comes before the position `(createdAt, id)`.
 */
export function compareApprovalsNewestFirst(record: ApprovalCursor, createdAt: number, id: string): number {
  if (record.createdAt !== createdAt) return createdAt - record.createdAt;
  if (record.id === id) return 0;
  return record.id < id ? 1 : -1;
}

/**
 * Encodes a keyset cursor as opaque base64url text, tagged so that a cursor of another listing
 * (`listRuns`) is refused instead of silently positioning this one.
 */
export function encodeApprovalCursor(cursor: ApprovalCursor): string {
  return Buffer.from(JSON.stringify(['approvals', cursor.createdAt, cursor.id]), 'utf8').toString(
    'base64url',
  );
}

/** Decodes a cursor made by {@link encodeApprovalCursor}; anything else is an `InvalidCursorError`. */
export function decodeApprovalCursor(text: string): ApprovalCursor {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(text, 'getApprovals');
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    decoded[0] !== 'approvals' ||
    !Number.isSafeInteger(decoded[1]) ||
    typeof decoded[2] !== 'string'
  ) {
    throw invalidCursor(text, 'getApprovals');
  }
  return { createdAt: decoded[1] as number, id: decoded[2] as string };
}

/**
 * An `InvalidCursorError` whose message names the listing the cursor was given to (the error's
 * own message speaks of `listRuns`).
 */
export function invalidCursor(text: string, method: string): InvalidCursorError {
  const error = new InvalidCursorError(text);
  error.message =
    `The cursor '${text.length > 64 ? `${text.slice(0, 64)}...` : text}' is not a valid ${method} cursor. ` +
    `Pass the nextCursor of the previous ${method} page unchanged, or omit the cursor to start from the beginning.`;
  return error;
}
