import type { LanguageModelV3ToolResultOutput, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import type { AuditEntryInput } from '../audit/audit-entry.js';
import type { ToolExecution } from '../db/store.js';
import type {
  ToolCallRecord,
  ToolInputAnswer,
  ToolInputRequest,
  UserInputField,
} from '../run/run-document.js';
import type { RunLeg } from '../run/run-runtime.js';
import type { OpenSpan } from '../tracing/leg-trace.js';
import { withSpan } from '../tracing/with-span.js';
import type { AnyTool, ToolExecuteContext } from './tool.js';
import { isUserInputRequest, type UserInputRequest } from './user-input-request.js';

/** A tool call with a result, ready for the model and for the run's record. */
export interface ToolCallResult {
  part: LanguageModelV3ToolResultPart;
  record: ToolCallRecord;
  /**
   * Set when the call asked for user input instead of finishing (`requestUserInput`): the run
   * pauses on it, and `part` and `record` are not used.
   */
  asked?: { fields: UserInputField[]; inputRequest: ToolInputRequest };
}

/** A call issued again after it asked for user input: its attempt and every answer so far. */
export interface ToolCallRetry {
  attempt: number;
  userInput: readonly ToolInputAnswer[];
}

/** The journal key of one attempt of a call: the call id, then `<id>#<attempt>` for repeats. */
export function journalKey(toolCallId: string, attempt: number | undefined): string {
  return attempt === undefined || attempt === 0 ? toolCallId : `${toolCallId}#${attempt}`;
}

/**
 * Builds the audit entry of a gated call's execution from its outcome. A call that runs commits
 * the entry with its journal result; a call reported in doubt queues it with the run's next write;
 * a result reused from the journal was audited when it was stored.
 */
export type ExecutionAudit = (outcome: {
  toolCallId: string;
  toolName: string;
  args: Record<string, unknown>;
  outcome: ToolCallRecord['outcome'];
  isError: boolean;
}) => AuditEntryInput;

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
  audit?: ExecutionAudit,
  retry?: ToolCallRetry,
): Promise<ToolCallResult> {
  const { document, sink, runtime } = leg;
  const runId = document.runId;
  const key = journalKey(call.toolCallId, retry?.attempt);
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
    if (claimed?.has(key)) {
      previous = claimed.get(key) ?? null;
      claimed.delete(key);
    } else {
      previous = await runtime.store.beginToolExecution({
        runId,
        toolCallId: key,
        toolName: call.toolName,
        startedAt: Date.now(),
      });
    }
    if (previous?.status === 'completed') {
      const isError = previous.isError === true;
      return finish(leg, call, args, previous.result, isError, isError ? 'failed' : 'executed', span, true);
    }
    if (previous && !tool.idempotent) {
      if (audit) leg.pendingWrites.audit.push(audit({ ...call, args, outcome: 'in_doubt', isError: true }));
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
  if (retry !== undefined) context.userInput = retry.userInput;

  let result: unknown;
  let isError = false;
  try {
    // biome-ignore lint/style/noNonNullAssertion: only tools with execute reach this point.
    result = await withSpan(span, () => tool.execute!(args, context));
  } catch (error) {
    result = `Error: ${errorMessage(error)}`;
    isError = true;
  }
  if (!isError && isUserInputRequest(result)) return askedForInput(leg, call, key, args, result, retry, span);
  const outcome = isError ? 'failed' : 'executed';
  const entry = audit?.({ ...call, args, outcome, isError });
  if (leg.journal) {
    await runtime.store.completeToolExecution({
      runId,
      toolCallId: key,
      result: result === undefined ? null : result,
      isError,
      completedAt: Date.now(),
      ...(entry === undefined ? {} : { audit: [entry] }),
    });
  } else if (entry !== undefined) {
    leg.pendingWrites.audit.push(entry);
  }
  return finish(leg, call, args, result, isError, outcome, span);
}

/**
 * The call asked for user input: in a claimed leg its journal attempt is closed with that fact
 * (so the attempt never reads as in doubt), and the run will pause on a requirement for it.
 */
async function askedForInput(
  leg: RunLeg,
  call: ToolCallIdentity,
  key: string,
  args: Record<string, unknown>,
  request: UserInputRequest,
  retry: ToolCallRetry | undefined,
  span: OpenSpan | undefined,
): Promise<ToolCallResult> {
  const names = request.fields.map((field) => field.name);
  const text = `Paused: ${call.toolName} asked for user input (${names.join(', ')}).`;
  if (leg.journal) {
    await leg.runtime.store.completeToolExecution({
      runId: leg.document.runId,
      toolCallId: key,
      result: {
        askedForInput: names,
        ...(request.message === undefined ? {} : { message: request.message }),
      },
      isError: true,
      completedAt: Date.now(),
    });
  }
  const inputRequest: ToolInputRequest = {
    attempt: (retry?.attempt ?? 0) + 1,
    answered: [...(retry?.userInput ?? [])],
  };
  if (request.message !== undefined) inputRequest.message = request.message;
  const asked = resultOf(call, args, text, true, 'failed');
  if (span) leg.trace?.endToolCall(span, asked.record, false);
  return { ...asked, asked: { fields: request.fields, inputRequest } };
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
