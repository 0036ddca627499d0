export { AccessDeniedError } from './access-denied-error.js';
export { ApprovalConflictError } from './approval-conflict-error.js';
export { ApprovalForbiddenError } from './approval-forbidden-error.js';
export { ApprovalNotFoundError } from './approval-not-found-error.js';
export { ApprovalPendingError } from './approval-pending-error.js';
export { AuthenticationError } from './authentication-error.js';
export type { CheckTrigger } from './check-trigger.js';
export { ConfigurationError } from './configuration-error.js';
export {
  CountersignError,
  type CountersignErrorOptions,
  SystemError,
  UserError,
} from './countersign-error.js';
export { HTTP_STATUS_TABLE, httpStatusOf } from './http-status.js';
export { type CheckErrorOptions, InputCheckError } from './input-check-error.js';
export { InvalidCursorError } from './invalid-cursor-error.js';
export { MaxStepsExceededError } from './max-steps-exceeded-error.js';
export { MigrationRequiredError } from './migration-required-error.js';
export { ModelError } from './model-error.js';
export { NotFoundError } from './not-found-error.js';
export { OutputCheckError } from './output-check-error.js';
export { RequirementStateError } from './requirement-state-error.js';
export {
  RequirementUnresolvedError,
  type UnresolvedRequirementInfo,
} from './requirement-unresolved-error.js';
export { RunConflictError } from './run-conflict-error.js';
export { RunNotFoundError } from './run-not-found-error.js';
export { SlackApiError } from './slack-api-error.js';
export { StorageError } from './storage-error.js';
export { ValidationError, type ValidationIssue } from './validation-error.js';
