import { ValidationError } from './validation-error.js';

/**
 * A `listRuns` cursor could not be decoded. Cursors are opaque: pass back the `nextCursor` of the
 * previous page unchanged, or omit it to start from the newest run.
 */
export class InvalidCursorError extends ValidationError {
  constructor(readonly cursor: string) {
    super(
      `The cursor '${cursor.length > 64 ? `${cursor.slice(0, 64)}...` : cursor}' is not a valid listRuns cursor. ` +
        'Pass the nextCursor of the previous page unchanged, or omit the cursor to start from the newest run.',
      [{ path: 'cursor', message: 'not a cursor returned by listRuns' }],
    );
  }
}
