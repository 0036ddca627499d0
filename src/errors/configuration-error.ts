import { UserError } from './countersign-error.js';

/** An agent, tool or store was configured in a way that cannot work; the message says how to fix it. */
export class ConfigurationError extends UserError {}
