import { InvalidCursorError } from '../../errors/index.js';

/** The position after which the next page of `listRuns` starts: the last run of the previous page. */
export interface RunCursor {
  /** Unix seconds of the last run returned. */
  createdAt: number;
  /** Id of the last run returned (the tie-breaker among runs created in the same second). */
  runId: string;
}

/**
 * Encodes a cursor as opaque base64url text. Keyset cursors stay correct while runs are inserted
 * between pages: a page starts strictly after `(createdAt, runId)`, so nothing is repeated and no
 * older run is skipped.
 */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.runId]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeRunCursor}; anything else is an `InvalidCursorError`. */
export function decodeRunCursor(text: string): RunCursor {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError(text);
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw error instanceof InvalidCursorError ? error : new InvalidCursorError(text);
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    !Number.isSafeInteger(decoded[0]) ||
    typeof decoded[1] !== 'string'
  ) {
    throw new InvalidCursorError(text);
  }
  return { createdAt: decoded[0] as number, runId: decoded[1] as string };
}
