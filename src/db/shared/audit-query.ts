import { ValidationError } from '../../errors/index.js';
import type { AuditQuery } from '../store.js';
import { invalidCursor } from './approval-query.js';

/** The page size of `listAudit` when the query names none. */
export const DEFAULT_AUDIT_LIMIT = 100;

/** The largest page `listAudit` returns (and the page size `verifyAuditLog` reads in). */
export const MAX_AUDIT_LIMIT = 1_000;

/** A `listAudit` query with its limit checked and its cursor decoded. */
export interface AuditQueryBounds {
  limit: number;
  /** Entries after this `seq` (0 from the start). */
  afterSeq: number;
}

/**
 * Checks the limit and decodes the cursor of a `listAudit` query. The cursor is the `seq` of the
 * last entry of the previous page, in decimal, so `GET /audit?cursor=1000` reads naturally.
 */
export function resolveAuditQueryBounds(query: AuditQuery): AuditQueryBounds {
  const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIMIT) {
    throw new ValidationError(
      `listAudit limit must be an integer from 1 to ${MAX_AUDIT_LIMIT}, got ${String(limit)}.`,
      [{ path: 'limit', message: `must be an integer from 1 to ${MAX_AUDIT_LIMIT}` }],
    );
  }
  if (query.cursor === undefined) return { limit, afterSeq: 0 };
  if (!/^(0|[1-9][0-9]{0,15})$/.test(query.cursor) || !Number.isSafeInteger(Number(query.cursor))) {
    throw invalidCursor(query.cursor, 'listAudit');
  }
  return { limit, afterSeq: Number(query.cursor) };
}
