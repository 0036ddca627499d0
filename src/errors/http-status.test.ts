import { describe, expect, it } from 'vitest';
import { httpStatusOf } from './http-status.js';
import {
  AccessDeniedError,
  ApprovalConflictError,
  ApprovalForbiddenError,
  ApprovalNotFoundError,
  ApprovalPendingError,
  AuthenticationError,
  ConfigurationError,
  InvalidCursorError,
  MigrationRequiredError,
  ModelError,
  NotFoundError,
  RequirementStateError,
  RequirementUnresolvedError,
  RunConflictError,
  RunNotFoundError,
  StorageError,
  UserError,
  ValidationError,
} from './index.js';

describe('httpStatusOf', () => {
  it.each([
    [new ValidationError('bad', [{ path: 'message', message: 'required' }]), 400],
    [new InvalidCursorError('zzz'), 400],
    [new AuthenticationError('no token'), 401],
    [new AccessDeniedError('mallory', 'not-run-owner', 'no'), 403],
    [new ApprovalForbiddenError('apr_1', 'self-approval', 'no'), 403],
    [new RunNotFoundError('run_1'), 404],
    [new ApprovalNotFoundError('apr_1'), 404],
    [new NotFoundError('agent', 'nope'), 404],
    [new RunConflictError('run_1', 'completed'), 409],
    [new ApprovalConflictError('apr_1', 'pending', 'approved'), 409],
    [new RequirementStateError('req_1', 'decided'), 409],
    [new RequirementUnresolvedError('run_1', []), 409],
    [new ApprovalPendingError('run_1', 'apr_1', 'pending'), 409],
    [new MigrationRequiredError('no tables'), 503],
    [new StorageError('database is closed'), 503],
    [new ModelError('provider down'), 502],
    [new ConfigurationError('no model'), 500],
  ])('maps %s to %i', (error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });

  it('treats any other caller mistake as a 400, never a 500', () => {
    class SomeFutureUserError extends UserError {}
    expect(httpStatusOf(new SomeFutureUserError('bad input'))).toBe(400);
  });

  it('treats unknown errors as 500', () => {
    expect(httpStatusOf(new TypeError('undefined is not a function'))).toBe(500);
    expect(httpStatusOf('a string')).toBe(500);
  });
});
