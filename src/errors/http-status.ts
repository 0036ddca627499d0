import { AccessDeniedError } from './access-denied-error.js';
import { ApprovalConflictError } from './approval-conflict-error.js';
import { ApprovalForbiddenError } from './approval-forbidden-error.js';
import { ApprovalNotFoundError } from './approval-not-found-error.js';
import { ApprovalPendingError } from './approval-pending-error.js';
import { AuthenticationError } from './authentication-error.js';
import { ConfigurationError } from './configuration-error.js';
import { CountersignError, UserError } from './countersign-error.js';
import { InputCheckError } from './input-check-error.js';
import { MaxStepsExceededError } from './max-steps-exceeded-error.js';
import { MigrationRequiredError } from './migration-required-error.js';
import { ModelError } from './model-error.js';
import { NotFoundError } from './not-found-error.js';
import { OutputCheckError } from './output-check-error.js';
import { RequirementStateError } from './requirement-state-error.js';
import { RequirementUnresolvedError } from './requirement-unresolved-error.js';
import { RunConflictError } from './run-conflict-error.js';
import { RunNotFoundError } from './run-not-found-error.js';
import { StorageError } from './storage-error.js';
import { ValidationError } from './validation-error.js';

// biome-ignore lint/suspicious/noExplicitAny: error classes take different constructor arguments.
type ErrorClass = abstract new (...args: any[]) => Error;

/**
 * The one table from error classes to HTTP status codes, checked in order (a subclass before its
 * base). The server's error handler is the only code that turns errors into responses, and it
 * asks {@link httpStatusOf}. Add a row here for a new error class; do not set statuses elsewhere.
 */
export const HTTP_STATUS_TABLE: readonly (readonly [ErrorClass, number])[] = [
  [ValidationError, 400], // a bad body, query or argument; InvalidCursorError included
  [AuthenticationError, 401],
  [AccessDeniedError, 403],
  [ApprovalForbiddenError, 403], // self-approval, missing approver role, duplicate vote
  [RunNotFoundError, 404],
  [ApprovalNotFoundError, 404],
  [NotFoundError, 404],
  [RunConflictError, 409], // continued already, not paused, lost a compare-and-set
  [ApprovalConflictError, 409], // somebody resolved the record first
  [RequirementStateError, 409], // a requirement decided twice
  [RequirementUnresolvedError, 409], // the run still waits for decisions
  [ApprovalPendingError, 409], // the run still waits for an approver
  [InputCheckError, 422], // a guardrail refused the input (checkTrigger says which); the run is stored as error
  [OutputCheckError, 422], // a guardrail refused the answer
  [MigrationRequiredError, 503], // the store is not ready: run `countersign migrate`
  [StorageError, 503], // the store is down
  [ModelError, 502], // the model provider failed
  [MaxStepsExceededError, 500], // the agent's own loop bound: a configuration matter, not the caller's
  [ConfigurationError, 500], // the server's agents or store are set up wrongly
];

/**
 * The HTTP status for an error: the first row of {@link HTTP_STATUS_TABLE} it is an instance of;
 * otherwise 400 for any other `UserError` (a caller's mistake is never a 500) and 500 for
 * everything else.
 */
export function httpStatusOf(error: unknown): number {
  for (const [errorClass, status] of HTTP_STATUS_TABLE) {
    if (error instanceof errorClass) return status;
  }
  if (error instanceof UserError) return 400;
  if (error instanceof CountersignError) return 500;
  return 500;
}
