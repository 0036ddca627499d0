import { UserError } from './countersign-error.js';

/** The store's tables are missing or older than this version of Countersign. */
export class MigrationRequiredError extends UserError {
  constructor(detail: string, options: { cause?: unknown } = {}) {
    super(
      `The Countersign tables are missing or out of date (${detail}). ` +
        'Run `await db.migrate()` once at start-up, or `countersign migrate` from the command line.',
      options,
    );
  }
}
