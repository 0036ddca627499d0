import { UserError } from './countersign-error.js';

/** A requirement was decided twice, or through the wrong lane (confirming a user-input requirement). */
export class RequirementStateError extends UserError {
  constructor(
    readonly requirementId: string,
    message: string,
  ) {
    super(message);
  }
}
