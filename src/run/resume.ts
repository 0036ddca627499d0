import type { LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import { applyApprovalRecords, decisionWrites } from '../approvals/apply-approval-records.js';
import { executionAuditEntry } from '../approvals/approval-records.js';
import { ApprovalConflictError } from '../errors/approval-conflict-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { RequirementStateError } from '../errors/requirement-state-error.js';
import { RequirementUnresolvedError } from '../errors/requirement-unresolved-error.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { RunNotFoundError } from '../errors/run-not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { emitResult, executeToolCall, resultOf, type ToolCallResult } from '../tools/execute-tool-call.js';
import { formatIssues } from '../tools/tool-schema.js';
import { isUserInputKind, type RequirementData, type RunDocument } from './run-document.js';
import { upgradeRunDocument } from './run-document-upgrade.js';
import type { EventSink } from './run-events.js';
import { appendToolResults, failRun, runLoop } from './run-loop.js';
import type { RunOutput } from './run-output.js';
import { RunRequirement } from './run-requirement.js';
import { type AgentRuntime, INSTANCE_ID, nowSeconds, type RunLeg } from './run-runtime.js';

/** Options of `continueRun`. */
export interface ContinueRunOptions {
  runId: string;
  /** Decided requirements (from `run.requirements`, or plain objects from an API). */
  requirements?: readonly (RunRequirement | RequirementData)[];
  /** Who continues; recorded as the decider where a decision names nobody. */
  userId?: string;
  /** Must match the stored run's session when given. */
  sessionId?: string;
  abortSignal?: AbortSignal;
}

/** Applies one caller-supplied decision to the stored requirement, through the same checks. */
function applyDecision(stored: RunRequirement, given: RequirementData, userId: string | undefined): void {
  const decision = given.decision;
  const decidedBy = decision?.decidedBy ?? userId;
  if (stored.decision !== undefined) {
    if (decision && decision.confirmed !== stored.decision.confirmed) {
      throw new RequirementStateError(
        stored.id,
        `Requirement ${stored.id} (${stored.toolName}) was already decided differently; a decision cannot be changed.`,
      );
    }
    return;
  }
  if (isUserInputKind(stored.kind)) {
    if (decision && !decision.confirmed) {
      stored.reject(decision.reason, decidedBy === undefined ? {} : { decidedBy });
      return;
    }
    const values: Record<string, unknown> = {};
    for (const field of given.userInputSchema ?? []) {
      const current = stored.userInputSchema?.find((candidate) => candidate.name === field.name);
      if (field.value !== undefined && current?.value === undefined) values[field.name] = field.value;
    }
    if (Object.keys(values).length > 0) stored.provideUserInput(values);
    return;
  }
  if (!decision) return;
  const by = decidedBy === undefined ? {} : { decidedBy };
  if (!decision.confirmed) stored.reject(decision.reason, by);
  else if (stored.kind === 'external_execution') {
    stored.setExternalExecutionResult(decision.result ?? null, {
      ...by,
      ...(decision.isError ? { isError: true } : {}),
    });
  } else stored.confirm({ ...by, ...(decision.editedArgs ? { editedArgs: decision.editedArgs } : {}) });
}

/** The arguments a decided call runs with: the model's, plus user input or a confirmer's edits. */
function finalArguments(requirement: RequirementData): Record<string, unknown> {
  if (isUserInputKind(requirement.kind)) {
    const values = Object.fromEntries(
      (requirement.userInputSchema ?? []).map((field) => [field.name, field.value]),
    );
    return { ...requirement.toolArgs, ...values };
  }
  return requirement.decision?.editedArgs
    ? { ...requirement.toolArgs, ...requirement.decision.editedArgs }
    : requirement.toolArgs;
}

function mergeDecisions(document: RunDocument, options: ContinueRunOptions): void {
  const stored = new Map(document.requirements.map((data) => [data.id, new RunRequirement(data)]));
  for (const entry of options.requirements ?? []) {
    const given = entry instanceof RunRequirement ? entry.toJSON() : entry;
    const target = stored.get(given?.id);
    if (!target) {
      throw new ValidationError(
        `Requirement ${String(given?.id)} does not belong to run ${document.runId}; pass the requirements of that run (run.requirements).`,
        [{ path: 'requirements', message: `unknown requirement id ${String(given?.id)}` }],
      );
    }
    applyDecision(target, given, options.userId);
  }
}

function assertResolved(document: RunDocument): void {
  const unresolved = document.requirements
    .map((data) => new RunRequirement(data))
    .filter((requirement) => !requirement.isResolved);
  if (unresolved.length > 0) {
    throw new RequirementUnresolvedError(
      document.runId,
      unresolved.map(({ id, kind, toolName, toolCallId }) => ({ id, kind, toolName, toolCallId })),
    );
  }
}

/**
 * Validates the arguments every decided call will run with (user input and edits merged in)
 * against its tool's schema, before anything is claimed, and returns them by tool call id.
 */
function validateDecidedCalls(
  runtime: AgentRuntime,
  document: RunDocument,
): Map<string, Record<string, unknown>> {
  const decidedArgs = new Map<string, Record<string, unknown>>();
  for (const requirement of document.requirements) {
    if (requirement.decision?.confirmed === false || requirement.kind === 'external_execution') continue;
    const tool = runtime.tools.get(requirement.toolName);
    if (!tool) {
      throw new ConfigurationError(
        `Run ${document.runId} paused on tool ${requirement.toolName}, which agent ${runtime.id} no longer has. Add the tool back to continue the run.`,
      );
    }
    const checked = tool.schema.validate(finalArguments(requirement));
    if (!checked.ok) {
      throw new ValidationError(
        `The decided arguments of ${requirement.toolName} (requirement ${requirement.id}) are invalid: ${formatIssues(checked.issues)}. Nothing was executed; correct the values and continue again.`,
        checked.issues,
      );
    }
    decidedArgs.set(requirement.toolCallId, checked.value);
  }
  return decidedArgs;
}

/**
 * Loads a paused run, merges the caller's decisions, checks that every requirement is resolved
 * and every decided call valid, then claims the run (`paused -> running`, compare-and-set on its
 * version). Of concurrent continuers exactly one gets past the claim; the rest get
 * `RunConflictError` before anything executes.
 */
export async function claimPausedRun(
  runtime: AgentRuntime,
  options: ContinueRunOptions,
  sink: EventSink,
): Promise<RunLeg> {
  const stored = await runtime.store.getRun(options.runId);
  if (!stored || stored.document.agentId !== runtime.id || stored.document.teamId !== undefined) {
    throw new RunNotFoundError(options.runId);
  }
  const document = upgradeRunDocument(stored.document);
  if (document.status !== 'paused') throw new RunConflictError(document.runId, document.status);
  if (options.sessionId !== undefined && options.sessionId !== document.sessionId) {
    throw new ValidationError(
      `Run ${document.runId} belongs to session ${document.sessionId}, not ${options.sessionId}.`,
      [{ path: 'sessionId', message: 'does not match the run' }],
    );
  }
  mergeDecisions(document, options);
  const toCancel = await applyApprovalRecords(runtime, document);
  assertResolved(document);
  const decidedArgs = validateDecidedCalls(runtime, document);
  const decided = decisionWrites(runtime, document, options.userId);
  // Calls that will execute here get their journal rows in the claim's own transaction.
  const startToolCalls = document.requirements
    .filter(
      (requirement) => requirement.kind !== 'external_execution' && requirement.decision?.confirmed !== false,
    )
    .map((requirement) => ({ toolCallId: requirement.toolCallId, toolName: requirement.toolName }));
  document.status = 'running';
  document.updatedAt = nowSeconds();
  const claimed = await runtime.store.claimRun(document.runId, {
    expectedVersion: stored.version,
    lease: { owner: INSTANCE_ID, until: Date.now() + runtime.leaseMs },
    updatedAt: document.updatedAt,
    startToolCalls,
    startedAt: Date.now(),
    audit: decided.audit,
  });
  for (const approvalId of toCancel) await cancelApproval(runtime, approvalId);
  sink?.({
    type: 'run-continued',
    runId: document.runId,
    at: Date.now(),
    agentId: document.agentId,
    sessionId: document.sessionId,
  });
  const claimedCalls = new Map(
    startToolCalls.map((call) => [call.toolCallId, claimed.previousExecutions.get(call.toolCallId) ?? null]),
  );
  return {
    runtime,
    document,
    version: claimed.version,
    sink,
    abortSignal: options.abortSignal,
    journal: true,
    claimedCalls,
    decidedArgs,
    pendingWrites: { approvals: decided.approvals, audit: [] },
  };
}

/** A required approval whose call the user already rejected is cancelled, so no approver waits on it. */
async function cancelApproval(runtime: AgentRuntime, approvalId: string): Promise<void> {
  try {
    await runtime.store.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'cancelled',
      resolvedAt: nowSeconds(),
      resolutionData: { reason: 'The user rejected the call.' },
    });
  } catch (error) {
    // Somebody resolved it meanwhile: their decision stands and is audited; the call stays rejected.
    if (!(error instanceof ApprovalConflictError)) throw error;
  }
}

function rejectionText(requirement: RequirementData): string {
  const decision = requirement.decision;
  if (decision?.source === 'expired') return `Approval expired at ${decision.reason ?? 'an unknown time'}`;
  const reason = decision?.reason ? `: ${decision.reason}` : '';
  if (decision?.source === 'approver')
    return `Rejected by the approver (${decision.decidedBy ?? 'unknown'})${reason}`;
  return `Rejected by the user${reason}`;
}

async function resolveCall(leg: RunLeg, requirement: RequirementData): Promise<ToolCallResult> {
  const call = { toolCallId: requirement.toolCallId, toolName: requirement.toolName };
  const decision = requirement.decision;
  if (decision?.confirmed === false) {
    const text = rejectionText(requirement);
    emitResult(leg, call, text, true);
    return resultOf(call, requirement.toolArgs, text, true, 'rejected');
  }
  if (requirement.kind === 'external_execution') {
    const isError = decision?.isError === true;
    emitResult(leg, call, decision?.result, isError);
    return resultOf(call, requirement.toolArgs, decision?.result ?? null, isError, 'external');
  }
  // biome-ignore lint/style/noNonNullAssertion: validateDecidedCalls checked the tool exists.
  const tool = leg.runtime.tools.get(requirement.toolName)!;
  // biome-ignore lint/style/noNonNullAssertion: validateDecidedCalls recorded every decided call.
  return executeToolCall(leg, tool, call, leg.decidedArgs!.get(requirement.toolCallId)!);
}

/**
 * Finishes the paused step of a claimed run (executes the approved calls exactly once, turns
 * rejections into tool errors for the model) and runs the loop on to the next pause or the end.
 */
export async function resumeRun(leg: RunLeg): Promise<RunOutput> {
  const { document } = leg;
  let stopResult: { value: unknown } | undefined;
  try {
    const byCallId = new Map<string, LanguageModelV3ToolResultPart>();
    for (const part of document.pendingResults) byCallId.set(part.toolCallId, part);
    const resolved = await Promise.all(
      document.requirements.map((requirement) => resolveCall(leg, requirement)),
    );
    resolved.forEach((result, index) => {
      const requirement = document.requirements[index] as RequirementData;
      if (result.record.outcome === 'rejected' || result.record.outcome === 'external') {
        leg.trace?.recordToolCall(result.record);
      } else {
        leg.pendingWrites.audit.push(
          executionAuditEntry(document.userId ?? 'unknown', document.runId, result.record, {
            ...(requirement.approvalId === undefined ? {} : { approvalId: requirement.approvalId }),
            requestedArgs: requirement.toolArgs,
          }),
        );
      }
      byCallId.set(result.part.toolCallId, result.part);
      document.toolCalls.push(result.record);
      const tool = leg.runtime.tools.get(result.record.toolName);
      if (tool?.stopAfterToolCall && result.record.outcome === 'executed' && !result.record.isError) {
        stopResult = { value: result.record.result };
      }
    });
    const last = document.messages.at(-1);
    const order = last?.role === 'assistant' ? last.content.filter((part) => part.type === 'tool-call') : [];
    const results = order
      .map((part) => byCallId.get(part.toolCallId))
      .filter((part): part is LanguageModelV3ToolResultPart => part !== undefined);
    document.requirements = [];
    document.pendingResults = [];
    appendToolResults(leg, results);
  } catch (error) {
    return failRun(leg, error);
  }
  return runLoop(leg, stopResult);
}
