import { UserError } from './countersign-error.js';

/** A request carried no credentials, or credentials that could not be verified (HTTP 401). */
export class AuthenticationError extends UserError {
  constructor(
    message: string,
    /**
     * Why the credentials were refused: none given, an invalid or expired token, an unknown API key;
     * for signed requests (Slack), a wrong signature, a stale timestamp, or a replayed request.
     */
    readonly reason:
      | 'missing'
      | 'invalid-token'
      | 'unknown-api-key'
      | 'invalid-signature'
      | 'stale-request'
      | 'replayed-request' = 'missing',
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}
