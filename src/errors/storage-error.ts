import { SystemError } from './countersign-error.js';

/** The store could not be read or written (database down, disk full, corrupted document). */
export class StorageError extends SystemError {}
