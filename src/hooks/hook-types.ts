import type { BaseGuardrail } from '../guardrails/base-guardrail.js';
import type { RunOutput } from '../run/run-output.js';

/** What every hook owner (an agent or a team) offers hooks: its id and name. */
export interface HookOwner {
  readonly id: string;
  readonly name?: string | undefined;
}

/** The session a hook's run belongs to. */
export interface HookSession {
  id: string;
  userId?: string;
}

/** What a pre-hook is called with: the run's input before the model sees it. */
export interface PreHookContext<Owner = unknown> {
  /** The input as the previous pre-hooks left it. */
  input: string;
  /** The agent (or team) running. */
  agent: Owner;
  session: HookSession;
  sessionId: string;
  userId: string | undefined;
  metadata: Record<string, unknown> | undefined;
  runId: string;
}

/** What a post-hook is called with: the completed run. */
export interface PostHookContext<Owner = unknown> {
  runOutput: RunOutput;
  agent: Owner;
  session: HookSession;
  sessionId: string;
  userId: string | undefined;
  metadata: Record<string, unknown> | undefined;
  runId: string;
  /**
   * Background hooks: the outbox job's id, stable across retries. A job runs at least once (a
   * worker that dies after the hook returned but before recording it runs it again), so a hook
   * whose effect must happen once can use it to de-duplicate.
   */
  jobId?: string;
  /** Background hooks: 1 on the first attempt. */
  attempt?: number;
}

/** What a pre-hook may return: nothing (keep the input), a new input, or `{ input }`. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing is the common case.
export type PreHookResult = string | { input: string } | undefined | void;

/** What a post-hook may return: nothing, or `{ content }` to replace the run's answer. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing is the common case.
export type PostHookResult = { content: string } | undefined | void;

/** A pre-hook function; it stops the run by throwing (`InputCheckError` for a guardrail decision). */
export type PreHookFunction<Owner = unknown> = (
  context: PreHookContext<Owner>,
) => PreHookResult | Promise<PreHookResult>;

/** A post-hook function; it fails the run by throwing (`OutputCheckError` for a guardrail decision). */
export type PostHookFunction<Owner = unknown> = (
  context: PostHookContext<Owner>,
) => PostHookResult | Promise<PostHookResult>;

/** Options of {@link hook}. */
export interface HookOptions {
  /**
   * Run after the caller got the response: the job goes to a durable outbox in the db (in the
   * transaction that stores the completed run) and a worker runs it, retrying with backoff.
   * Post-hooks only.
   */
  runInBackground?: boolean;
  /** The hook's name (default: the function's name); background jobs find their hook by it. */
  name?: string;
  /** Background hooks: attempts before the job is given up (default 5). */
  maxAttempts?: number;
}

/** A hook function with its options, as {@link hook} makes it. */
export interface HookDefinition<Context = never, Result = unknown> {
  readonly kind: 'countersign-hook';
  readonly name: string;
  readonly runInBackground: boolean;
  readonly maxAttempts: number | undefined;
  readonly fn: (context: Context) => Result | Promise<Result>;
}

/** A pre-hook: a function, a {@link hook} definition, or a guardrail object. */
export type PreHook<Owner = unknown> =
  | PreHookFunction<Owner>
  | HookDefinition<PreHookContext<Owner>, PreHookResult>
  | BaseGuardrail;

/** A post-hook: a function, a {@link hook} definition (maybe in the background), or a guardrail object. */
export type PostHook<Owner = unknown> =
  | PostHookFunction<Owner>
  | HookDefinition<PostHookContext<Owner>, PostHookResult>
  | BaseGuardrail;
