import { ConfigurationError } from '../errors/configuration-error.js';
import { isGuardrail } from '../guardrails/base-guardrail.js';
import type {
  HookDefinition,
  HookOptions,
  HookOwner,
  PostHookContext,
  PostHookResult,
} from './hook-types.js';

/**
 * Wraps a hook function with options; `runInBackground` makes a post-hook run after the caller
 * got the response, through a durable outbox in the db (retried with backoff, never lost to a
 * crash). A background hook needs a name (the function's, or `name`): its stored jobs find it by it.
 * Without a type on its parameter, `fn` is typed as a post-hook (`{ runOutput, agent, session, ... }`).
 *
 * @example
 * const auditLog = hook({ runInBackground: true }, async function auditLog({ runOutput, agent, userId }) {
 *   await auditTable.insert({ agentId: agent.id, userId, content: runOutput.content });
 * });
 * new Agent({ model, db, postHooks: [auditLog] });
 */
export function hook<Context = PostHookContext<HookOwner>, Result = PostHookResult>(
  options: HookOptions,
  fn: (context: Context) => Result | Promise<Result>,
): HookDefinition<Context, Result> {
  if (typeof fn !== 'function') throw new ConfigurationError('hook(options, fn): fn must be a function.');
  const maxAttempts = options.maxAttempts;
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    throw new ConfigurationError(
      `hook(): maxAttempts must be a positive integer, got ${String(maxAttempts)}.`,
    );
  }
  return {
    kind: 'countersign-hook',
    name: options.name ?? fn.name,
    runInBackground: options.runInBackground === true,
    maxAttempts,
    fn: fn as HookDefinition<Context, Result>['fn'],
  };
}

/** Whether a value was made by {@link hook}. */
export function isHookDefinition(value: unknown): value is HookDefinition<never, unknown> {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'countersign-hook'
  );
}

/** The name a hook is reported under: the guardrail's, the definition's, or the function's. */
export function hookName(entry: unknown, position: number): string {
  if (isGuardrail(entry)) return entry.name;
  if (isHookDefinition(entry)) return entry.name || `hook_${position + 1}`;
  if (typeof entry === 'function') return entry.name || `hook_${position + 1}`;
  return `hook_${position + 1}`;
}
