import { trace } from '@opentelemetry/api';
import { InputCheckError } from '../errors/input-check-error.js';
import { OutputCheckError } from '../errors/output-check-error.js';
import { type GuardrailResult, isGuardrail } from '../guardrails/base-guardrail.js';
import type { HookDecision } from '../run/run-document.js';
import type { EventSink } from '../run/run-events.js';
import type { RunOutput } from '../run/run-output.js';
import { hookName, isHookDefinition } from './hook.js';
import type { PostHook, PostHookContext, PreHook, PreHookContext } from './hook-types.js';

/** Who runs the hooks and where their events and decisions go. */
export interface HookRunContext<Owner = unknown> {
  /** The agent (or team) passed to hooks as `agent`. */
  owner: Owner;
  /** The id passed to guardrails as `agentId`. */
  ownerId: string;
  runId: string;
  sessionId: string;
  userId: string | undefined;
  metadata: Record<string, unknown> | undefined;
  sink: EventSink;
  /** Receives every decision that stopped or changed the run (stored with it, and on the active span). */
  record: (decision: HookDecision) => void;
}

/** A background post-hook the run's completed write must enqueue. */
export interface BackgroundHookCall {
  hookName: string;
  maxAttempts: number | undefined;
}

/** What the post-hooks left: the final content and the background hooks to enqueue. */
export interface PostHooksOutcome {
  content: string;
  background: BackgroundHookCall[];
}

function errorInfo(error: unknown): { type: string; message: string } {
  return error instanceof Error
    ? { type: error.name, message: error.message }
    : { type: 'Error', message: String(error) };
}

function isCheckError(error: unknown): error is InputCheckError | OutputCheckError {
  return error instanceof InputCheckError || error instanceof OutputCheckError;
}

/** The text a guardrail or hook returned, and what it said about the change. */
function rewritten(
  result: unknown,
  key: 'input' | 'content',
  acceptString: boolean,
): { text?: string; additionalData?: Record<string, unknown> } {
  if (typeof result === 'string') return acceptString ? { text: result } : {};
  if (typeof result !== 'object' || result === null) return {};
  const verdict = result as Record<string, unknown>;
  const text = verdict.text ?? verdict[key];
  const additionalData = verdict.additionalData as Record<string, unknown> | undefined;
  return {
    ...(typeof text === 'string' ? { text } : {}),
    ...(additionalData === undefined ? {} : { additionalData }),
  };
}

/** Records a decision in the run and as an event of the active OpenTelemetry span. */
function decide(context: HookRunContext, decision: Omit<HookDecision, 'at'>): void {
  const full: HookDecision = { ...decision, at: Date.now() };
  context.record(full);
  trace.getActiveSpan()?.addEvent('countersign.hook_decision', {
    'countersign.hook.name': full.hookName,
    'countersign.hook.stage': full.stage,
    'countersign.hook.outcome': full.outcome,
    ...(full.checkTrigger === undefined ? {} : { 'countersign.hook.check_trigger': full.checkTrigger }),
    ...(full.additionalData === undefined
      ? {}
      : { 'countersign.hook.data': JSON.stringify(full.additionalData) }),
  });
}

/** Reports a hook that threw (a guardrail that blocked, or any other error), then rethrows it. */
function failed(
  context: HookRunContext,
  name: string,
  stage: 'pre' | 'post' | 'continue',
  error: unknown,
): never {
  if (isCheckError(error)) error.runId ??= context.runId;
  decide(context, {
    hookName: name,
    stage,
    outcome: isCheckError(error) ? 'blocked' : 'failed',
    ...(isCheckError(error)
      ? { checkTrigger: error.checkTrigger, additionalData: error.additionalData }
      : {}),
  });
  context.sink?.({
    type: 'hook-failed',
    runId: context.runId,
    at: Date.now(),
    hookName: name,
    stage: stage === 'continue' ? 'pre' : stage,
    error: errorInfo(error),
    ...(isCheckError(error) ? { checkTrigger: error.checkTrigger } : {}),
  });
  throw error;
}

/**
 * Calls one hook: a guardrail object through `check(text, { stage, ... })`, a function (or a
 * `hook()` definition) with the run's context and `subject` (`{ input }` before the run,
 * `{ runOutput }` after it).
 */
async function callHook<Owner>(
  entry: unknown,
  text: string,
  stage: 'input' | 'output',
  context: HookRunContext<Owner>,
  subject: { input: string } | { runOutput: RunOutput },
): Promise<unknown> {
  if (isGuardrail(entry)) {
    return entry.check(text, {
      stage,
      runId: context.runId,
      agentId: context.ownerId,
      sessionId: context.sessionId,
      ...(context.userId === undefined ? {} : { userId: context.userId }),
      ...(context.metadata === undefined ? {} : { metadata: context.metadata }),
    });
  }
  const fn = (isHookDefinition(entry) ? entry.fn : entry) as (hookContext: unknown) => unknown;
  const hookContext: PreHookContext<Owner> | PostHookContext<Owner> = {
    ...subject,
    agent: context.owner,
    session: { id: context.sessionId, ...(context.userId === undefined ? {} : { userId: context.userId }) },
    sessionId: context.sessionId,
    userId: context.userId,
    metadata: context.metadata,
    runId: context.runId,
  };
  return fn(hookContext);
}

/**
 * Runs pre-hooks in order over `input`: each sees what the previous ones left, may rewrite it
 * (a string, `{ input }`, or a guardrail's `{ text }`), and stops the run by throwing. Guardrail
 * objects are called through `check(input, { stage: 'input', ... })`. Emits `pre-hook-started`,
 * `pre-hook-completed` and `hook-failed`; a thrown `InputCheckError` gets the run id. Returns the
 * final input. Shared by agents and teams.
 */
export async function runPreHooks<Owner>(
  hooks: readonly PreHook<Owner>[],
  input: string,
  context: HookRunContext<Owner>,
  stage: 'pre' | 'continue' = 'pre',
): Promise<string> {
  let current = input;
  for (const [position, entry] of hooks.entries()) {
    const name = hookName(entry, position);
    context.sink?.({ type: 'pre-hook-started', runId: context.runId, at: Date.now(), hookName: name });
    let result: unknown;
    try {
      result = await callHook(entry, current, 'input', context, { input: current });
    } catch (error) {
      failed(context, name, stage, error);
    }
    const change = rewritten(result as GuardrailResult, 'input', true);
    const modified = change.text !== undefined && change.text !== current;
    if (modified) {
      current = change.text as string;
      decide(context, {
        hookName: name,
        stage,
        outcome: 'modified',
        ...(change.additionalData === undefined ? {} : { additionalData: change.additionalData }),
      });
    }
    context.sink?.({
      type: 'pre-hook-completed',
      runId: context.runId,
      at: Date.now(),
      hookName: name,
      outcome: modified ? 'modified' : 'passed',
    });
  }
  return current;
}

/**
 * Runs the post-hooks of a completed run in order: guardrail objects through
 * `check(content, { stage: 'output', ... })` (they may rewrite the content or throw
 * `OutputCheckError`), functions with the run output (`{ content }` replaces the answer), and
 * background hooks are only collected, for the completed write to enqueue. `setContent` writes a
 * rewritten answer into the run before the next hook sees `output`. Shared by agents and teams.
 */
export async function runPostHooks<Owner>(
  hooks: readonly PostHook<Owner>[],
  output: RunOutput,
  setContent: (content: string) => void,
  context: HookRunContext<Owner>,
): Promise<PostHooksOutcome> {
  const background: BackgroundHookCall[] = [];
  for (const [position, entry] of hooks.entries()) {
    const name = hookName(entry, position);
    const inBackground = isHookDefinition(entry) && entry.runInBackground;
    const base = { runId: context.runId, hookName: name };
    context.sink?.({ type: 'post-hook-started', ...base, at: Date.now(), background: inBackground });
    if (inBackground) {
      background.push({ hookName: name, maxAttempts: entry.maxAttempts });
      context.sink?.({ type: 'post-hook-completed', ...base, at: Date.now(), outcome: 'enqueued' });
      continue;
    }
    const content = output.content ?? '';
    let result: unknown;
    try {
      result = await callHook(entry, content, 'output', context, { runOutput: output });
    } catch (error) {
      failed(context, name, 'post', error);
    }
    const change = rewritten(result, 'content', isGuardrail(entry));
    const modified = change.text !== undefined && change.text !== content;
    if (modified) {
      setContent(change.text as string);
      decide(context, {
        hookName: name,
        stage: 'post',
        outcome: 'modified',
        ...(change.additionalData === undefined ? {} : { additionalData: change.additionalData }),
      });
    }
    context.sink?.({
      type: 'post-hook-completed',
      ...base,
      at: Date.now(),
      outcome: modified ? 'modified' : 'passed',
    });
  }
  return { content: output.content ?? '', background };
}
