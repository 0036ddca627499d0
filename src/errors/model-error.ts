import { SystemError } from './countersign-error.js';

/** The model provider failed or answered with something that cannot be used. */
export class ModelError extends SystemError {}
