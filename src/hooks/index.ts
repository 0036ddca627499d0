export {
  type BackgroundHookOptions,
  DEFAULT_JOB_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_DELAYS_MS,
  retryDelay,
} from './background-hook-options.js';
export type { FlushSummary } from './background-hook-worker.js';
export { hook, hookName, isHookDefinition } from './hook.js';
export type {
  HookDefinition,
  HookOptions,
  HookOwner,
  HookSession,
  PostHook,
  PostHookContext,
  PostHookFunction,
  PostHookResult,
  PreHook,
  PreHookContext,
  PreHookFunction,
  PreHookResult,
} from './hook-types.js';
export {
  type BackgroundHookCall,
  type HookRunContext,
  type PostHooksOutcome,
  runPostHooks,
  runPreHooks,
} from './run-hooks.js';
