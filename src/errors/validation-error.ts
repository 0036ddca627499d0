import { UserError } from './countersign-error.js';

/** One problem found in a value, with the path of the field it concerns. */
export interface ValidationIssue {
  /** Dotted path of the field (`address.city`, `items.0.sku`); empty for the value itself. */
  path: string;
  message: string;
}

/** A value did not match its schema (user input, tool arguments, a request body). */
export class ValidationError extends UserError {
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}
