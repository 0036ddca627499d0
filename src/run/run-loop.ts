import type {
  LanguageModelV3Message,
  LanguageModelV3ToolCallPart,
  LanguageModelV3ToolResultPart,
} from '@ai-sdk/provider';
import { MaxStepsExceededError } from '../errors/max-steps-exceeded-error.js';
import { withSpan } from '../tracing/with-span.js';
import { callModel, type ModelToolCall } from './model-call.js';
import { pauseSentence } from './pause.js';
import { copyRunDocument, type RunStatus } from './run-document.js';
import { RunOutput } from './run-output.js';
import { noPendingWrites, nowSeconds, type RunLeg, toolOf } from './run-runtime.js';
import { parseArguments, runToolCalls, type StepOutcome } from './run-step.js';

function assistantMessage(text: string, calls: readonly ModelToolCall[]): LanguageModelV3Message {
  const content: (LanguageModelV3ToolCallPart | { type: 'text'; text: string })[] = [];
  if (text) content.push({ type: 'text', text });
  for (const call of calls) {
    const parsed = parseArguments(call.input);
    content.push({
      type: 'tool-call',
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      input: parsed.ok ? parsed.value : call.input,
    });
  }
  return { role: 'assistant', content };
}

function resultText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Writes the run document. A run that was never stored is inserted (only when it must be: a
 * pause, or a db the user supplied); a stored one is updated with compare-and-set on its
 * version, so a leg that lost its claim can never overwrite another's result.
 */
async function persist(leg: RunLeg, status: RunStatus): Promise<void> {
  const { document, runtime, pendingWrites } = leg;
  document.status = status;
  document.updatedAt = nowSeconds();
  if (status === 'paused' && leg.deferPause !== undefined) {
    // A member's pause travels with its team's pause write, as it is now (the team goes on to
    // build its own requirements from the member's).
    leg.deferPause({
      document: copyRunDocument(document),
      options: {
        expectedVersion: leg.version,
        ...(leg.version === null ? {} : { lease: null }),
        approvals: pendingWrites.approvals,
        audit: pendingWrites.audit,
      },
    });
    leg.version = leg.version === null ? 1 : leg.version + 1;
    leg.pendingWrites = noPendingWrites();
    return;
  }
  // Background hook jobs belong to a completed run only; member runs go with a pause only.
  const hookJobs = status === 'completed' ? (pendingWrites.hookJobs ?? []) : [];
  const runs = status === 'paused' ? (pendingWrites.runs ?? []) : [];
  const hasWrites =
    pendingWrites.approvals.length > 0 ||
    pendingWrites.audit.length > 0 ||
    hookJobs.length > 0 ||
    runs.length > 0;
  // Approval records, audit entries, background hook jobs and member runs travel with the run
  // write, in its transaction.
  const extra = hasWrites
    ? {
        approvals: pendingWrites.approvals,
        audit: pendingWrites.audit,
        hookJobs,
        ...(runs.length > 0 ? { with: runs } : {}),
      }
    : {};
  if (leg.version === null) {
    if (status !== 'paused' && !runtime.persistFinishedRuns && !hasWrites) return;
    leg.version = await runtime.store.saveRun(document, { expectedVersion: null, ...extra });
  } else {
    leg.version = await runtime.store.saveRun(document, {
      expectedVersion: leg.version,
      lease: null,
      ...extra,
    });
  }
  if (hasWrites || pendingWrites.runs !== undefined) leg.pendingWrites = noPendingWrites();
}

async function complete(leg: RunLeg, content: string): Promise<RunOutput> {
  const { document } = leg;
  document.content = leg.runtime.onComplete ? await leg.runtime.onComplete(leg, content) : content;
  await persist(leg, 'completed');
  leg.sink?.({
    type: 'run-completed',
    runId: document.runId,
    at: Date.now(),
    content: document.content,
    usage: document.usage,
  });
  return new RunOutput(document);
}

/** Emits `approval-requested` for the records this pause wrote (a member's run emits its own). */
function emitApprovalRequests(leg: RunLeg): void {
  const { document, sink } = leg;
  for (const requirement of document.requirements) {
    if (requirement.approvalType !== 'required' || requirement.approvalId === undefined) continue;
    if (requirement.member !== undefined) continue;
    sink?.({
      type: 'approval-requested',
      runId: document.runId,
      at: Date.now(),
      approvalId: requirement.approvalId,
      requirementId: requirement.id,
      toolName: requirement.toolName,
      toolCallId: requirement.toolCallId,
      approverRole: toolOf(leg.runtime, requirement)?.approval?.approverRole ?? null,
    });
  }
}

/** Pauses the run on the step's requirements, with the results already computed, and stores it. */
export async function pause(leg: RunLeg, outcome: StepOutcome): Promise<RunOutput> {
  const { document } = leg;
  document.requirements = outcome.requirements;
  document.pendingResults = outcome.results.filter(
    (part): part is LanguageModelV3ToolResultPart => part !== undefined,
  );
  document.content = pauseSentence(outcome.requirements, (requirement) => {
    const policy = toolOf(leg.runtime, requirement)?.approval;
    return { approvalOnly: policy?.baseLane === null, role: policy?.approverRole ?? null };
  });
  await persist(leg, 'paused');
  if (leg.sink) emitApprovalRequests(leg);
  leg.sink?.({
    type: 'run-paused',
    runId: document.runId,
    at: Date.now(),
    requirements: document.requirements,
    content: document.content,
  });
  return new RunOutput(document);
}

/**
 * Records a failure: the run is stored with status `error` (when it is stored at all), a
 * `run-error` event is emitted, and the original error is rethrown to the caller.
 */
export async function failRun(leg: RunLeg, error: unknown): Promise<never> {
  const { document } = leg;
  const info = {
    type: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  };
  document.error = info;
  try {
    await persist(leg, 'error');
  } catch {
    // The original error matters more to the caller than a failed write of the error state.
  }
  leg.sink?.({ type: 'run-error', runId: document.runId, at: Date.now(), error: info });
  throw error;
}

/**
 * Ends a step whose tool calls all have results: appends the tool message and reports whether a
 * `stopAfterToolCall` tool ended the run.
 */
export function appendToolResults(leg: RunLeg, results: LanguageModelV3ToolResultPart[]): void {
  leg.document.messages.push({ role: 'tool', content: results });
}

/**
 * The agent loop: call the model, handle its tool calls, repeat until it answers without tool
 * calls, a gated call pauses the run, a `stopAfterToolCall` tool ends it, or `maxSteps` is hit.
 */
export async function runLoop(leg: RunLeg, stopResult?: { value: unknown }): Promise<RunOutput> {
  const { document, runtime } = leg;
  try {
    if (stopResult) return await complete(leg, resultText(stopResult.value));
    for (;;) {
      if (document.step >= runtime.maxSteps)
        throw new MaxStepsExceededError(document.runId, runtime.maxSteps);
      // A fresh array per call: the loop appends to document.messages, and models may keep the prompt.
      const prompt = runtime.system ? [runtime.system, ...document.messages] : [...document.messages];
      const modelSpan = leg.trace?.startModelCall();
      const turn = await withSpan(modelSpan, () =>
        callModel({
          model: runtime.model,
          prompt,
          tools: runtime.modelTools,
          settings: runtime.modelSettings,
          abortSignal: leg.abortSignal,
          runId: document.runId,
          sink: leg.sink,
        }),
      );
      if (modelSpan) leg.trace?.endModelCall(modelSpan, turn);
      document.step += 1;
      const usage = document.usage;
      usage.requests += 1;
      usage.inputTokens += turn.inputTokens;
      usage.outputTokens += turn.outputTokens;
      usage.totalTokens += turn.inputTokens + turn.outputTokens;
      document.messages.push(assistantMessage(turn.text, turn.toolCalls));
      if (turn.toolCalls.length === 0) return await complete(leg, turn.text);

      const outcome = await runToolCalls(leg, turn.toolCalls);
      if (outcome.requirements.length > 0) return await pause(leg, outcome);
      appendToolResults(leg, outcome.results as LanguageModelV3ToolResultPart[]);
      if (outcome.stopResult) return await complete(leg, resultText(outcome.stopResult.value));
    }
  } catch (error) {
    return failRun(leg, error);
  }
}
