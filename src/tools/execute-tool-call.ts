import type { LanguageModelV3ToolResultOutput, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import type { ToolExecution } from '../db/store.js';
import type { ToolCallRecord } from '../run/run-document.js';
import type { RunLeg } from '../run/run-runtime.js';
import type { OpenSpan } from '../tracing/leg-trace.js';
import { withSpan } from '../tracing/with-span.js';
import type { AnyTool, ToolExecuteContext } from './tool.js';

/** A tool call with a result, ready for the model and for the run's record. */
export interface ToolCallResult {
  part: LanguageModelV3ToolResultPart;
  record: ToolCallRecord;
}

/** The call's identity, as the model named it. */
export interface ToolCallIdentity {
  toolCallId: string;
  toolName: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The model-facing form of a tool's return value. */
export function toToolOutput(result: unknown, isError: boolean): LanguageModelV3ToolResultOutput {
  if (isError)
    return { type: 'error-text', value: typeof result === 'string' ? result : JSON.stringify(result) };
  if (typeof result === 'string') return { type: 'text', value: result };
  if (result === undefined) return { type: 'json', value: null };
  return { type: 'json', value: result as never };
}

/** Builds the result of a call that has an outcome without running here (error, rejection, external result). */
export function resultOf(
  call: ToolCallIdentity,
  args: Record<string, unknown>,
  result: unknown,
  isError: boolean,
  outcome: ToolCallRecord['outcome'],
): ToolCallResult {
  return {
    part: {
      type: 'tool-result',
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output: toToolOutput(result, isError),
    },
    record: { toolCallId: call.toolCallId, toolName: call.toolName, args, result, isError, outcome },
  };
}

/** The idempotency key of a call: stable across retries and processes. */
export function idempotencyKey(runId: string, toolCallId: string): string {
  return `${runId}:${toolCallId}`;
}

const IN_DOUBT_MESSAGE =
  'This call may or may not have taken effect: an earlier attempt was interrupted before its result was stored, ' +
  'so it was not repeated. Tell the user and do not assume it succeeded.';

/**
 * Executes one validated tool call and emits its events. In a claimed leg the call goes through
 * the tool-execution journal: a stored result is reused instead of running again, and a call
 * whose earlier attempt never finished is reported in doubt (re-run only for idempotent tools).
 */
export async function executeToolCall(
  leg: RunLeg,
  tool: AnyTool,
  call: ToolCallIdentity,
  args: Record<string, unknown>,
): Promise<ToolCallResult> {
  const { document, sink, runtime } = leg;
  const runId = document.runId;
  const span = leg.trace?.startToolCall(call);
  sink?.({
    type: 'tool-call-started',
    runId,
    at: Date.now(),
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    args,
  });

  if (leg.journal) {
    const claimed = leg.claimedCalls;
    let previous: ToolExecution | null;
    if (claimed?.has(call.toolCallId)) {
      previous = claimed.get(call.toolCallId) ?? null;
      claimed.delete(call.toolCallId);
    } else {
      previous = await runtime.store.beginToolExecution({
        runId,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        startedAt: Date.now(),
      });
    }
    if (previous?.status === 'completed') {
      const isError = previous.isError === true;
      return finish(leg, call, args, previous.result, isError, isError ? 'failed' : 'executed', span, true);
    }
    if (previous && !tool.idempotent) {
      return finish(leg, call, args, IN_DOUBT_MESSAGE, true, 'in_doubt', span);
    }
  }

  const context: ToolExecuteContext = {
    runId,
    sessionId: document.sessionId,
    agentId: document.agentId,
    toolCallId: call.toolCallId,
    idempotencyKey: idempotencyKey(runId, call.toolCallId),
  };
  if (document.userId !== undefined) context.userId = document.userId;
  if (leg.abortSignal) context.abortSignal = leg.abortSignal;

  let result: unknown;
  let isError = false;
  try {
    // biome-ignore lint/style/noNonNullAssertion: only tools with execute reach this point.
    result = await withSpan(span, () => tool.execute!(args, context));
  } catch (error) {
    result = `Error: ${errorMessage(error)}`;
    isError = true;
  }
  if (leg.journal) {
    await runtime.store.completeToolExecution({
      runId,
      toolCallId: call.toolCallId,
      result: result === undefined ? null : result,
      isError,
      completedAt: Date.now(),
    });
  }
  return finish(leg, call, args, result, isError, isError ? 'failed' : 'executed', span);
}

function finish(
  leg: RunLeg,
  call: ToolCallIdentity,
  args: Record<string, unknown>,
  result: unknown,
  isError: boolean,
  outcome: ToolCallRecord['outcome'],
  span: OpenSpan | undefined,
  reused = false,
): ToolCallResult {
  emitResult(leg, call, result, isError);
  const toolResult = resultOf(call, args, result, isError, outcome);
  if (span) leg.trace?.endToolCall(span, toolResult.record, reused);
  return toolResult;
}

/** Emits `tool-call-completed` or `tool-call-error` for a call's result. */
export function emitResult(leg: RunLeg, call: ToolCallIdentity, result: unknown, isError: boolean): void {
  const { sink, document } = leg;
  if (!sink) return;
  const base = {
    runId: document.runId,
    at: Date.now(),
    toolCallId: call.toolCallId,
    toolName: call.toolName,
  };
  if (isError)
    sink({
      type: 'tool-call-error',
      ...base,
      error: typeof result === 'string' ? result : JSON.stringify(result),
    });
  else sink({ type: 'tool-call-completed', ...base, result });
}
