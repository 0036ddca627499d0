/** Options every Countersign error accepts. */
export interface CountersignErrorOptions {
  /** The underlying error, kept for logs and debuggers. */
  cause?: unknown;
}

/**
 * The base of every error Countersign throws. The name comes from the concrete class, so
 * `error.name` reads `RunConflictError` and logs say what happened without a stack.
 */
export class CountersignError extends Error {
  /** Who is at fault: `user` (the caller can fix it) or `system` (storage, model, network). */
  readonly fault: 'user' | 'system' = 'system';

  constructor(message: string, options: CountersignErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** An error the caller caused and can fix: bad input, wrong state, a missing decision. */
export class UserError extends CountersignError {
  override readonly fault = 'user' as const;
}

/** An error outside the caller's control: storage, the model provider, the network. */
export class SystemError extends CountersignError {
  override readonly fault = 'system' as const;
}
