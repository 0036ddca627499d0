import type { LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import { applyApprovalRecords, decisionWrites } from '../approvals/apply-approval-records.js';
import type { ApprovalRecord } from '../approvals/approval-record.js';
import { executionAuditEntry } from '../approvals/approval-records.js';
import type { StoredRun } from '../db/store.js';
import { ApprovalConflictError } from '../errors/approval-conflict-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { RequirementStateError } from '../errors/requirement-state-error.js';
import { RequirementUnresolvedError } from '../errors/requirement-unresolved-error.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { RunNotFoundError } from '../errors/run-not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import {
  type ExecutionAudit,
  emitResult,
  executeToolCall,
  journalKey,
  resultOf,
  type ToolCallResult,
} from '../tools/execute-tool-call.js';
import { validateDecidedCalls } from './decided-arguments.js';
import { askedRequirement } from './pause.js';
import { isUserInputKind, type RequirementData, type RunDocument } from './run-document.js';
import { upgradeRunDocument } from './run-document-upgrade.js';
import type { EventSink } from './run-events.js';
import { appendToolResults, failRun, pause, runLoop } from './run-loop.js';
import type { RunOutput } from './run-output.js';
import { RunRequirement } from './run-requirement.js';
import { type AgentRuntime, INSTANCE_ID, nowSeconds, type RunLeg } from './run-runtime.js';
import { memberResult } from './run-step.js';
import { userInputValues } from './user-input-fields.js';

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
  const loaded = runtime.loadedRuns?.take(runtime.store, options.runId);
  if (loaded === undefined) {
    return claimFrom(runtime, await runtime.store.getRun(options.runId), options, sink, {});
  }
  const attempt: { claimed?: boolean } = {};
  try {
    return await claimFrom(runtime, loaded, options, sink, attempt);
  } catch (error) {
    // Refused before anything was written: the copy getRun loaded may be stale (the run was
    // continued, or paused again, since), so decide again on what is stored now.
    if (attempt.claimed === true) throw error;
    return claimFrom(runtime, await runtime.store.getRun(options.runId), options, sink, {});
  }
}

async function claimFrom(
  runtime: AgentRuntime,
  stored: StoredRun | null,
  options: ContinueRunOptions,
  sink: EventSink,
  attempt: { claimed?: boolean },
): Promise<RunLeg> {
  if (!stored || !runtime.owns(stored.document)) throw new RunNotFoundError(options.runId);
  const document = upgradeRunDocument(stored.document);
  // A run left running past its lease lost its claimer (a crash): it is recovered from what the
  // claim stored, and the journal keeps every call it started from running twice.
  const recovering =
    document.status === 'running' && stored.leaseUntil !== null && stored.leaseUntil < Date.now();
  if (document.status !== 'paused' && !recovering)
    throw new RunConflictError(document.runId, document.status);
  if (options.sessionId !== undefined && options.sessionId !== document.sessionId) {
    throw new ValidationError(
      `Run ${document.runId} belongs to session ${document.sessionId}, not ${options.sessionId}.`,
      [{ path: 'sessionId', message: 'does not match the run' }],
    );
  }
  mergeDecisions(document, options);
  const { toCancel, decided: decidedRecords } = await applyApprovalRecords(runtime, document);
  assertResolved(document);
  const decidedArgs = validateDecidedCalls(runtime, document);
  const decided = decisionWrites(runtime, document, options.userId);
  // Calls that will execute here get their journal rows in the claim's own transaction.
  const startToolCalls = document.requirements
    .filter(
      (requirement) =>
        requirement.member === undefined &&
        requirement.kind !== 'external_execution' &&
        requirement.decision?.confirmed !== false,
    )
    .map((requirement) => ({
      toolCallId: journalKey(requirement.toolCallId, requirement.inputRequest?.attempt),
      toolName: requirement.toolName,
    }));
  document.status = 'running';
  document.updatedAt = nowSeconds();
  const claimed = await runtime.store.claimRun(document.runId, {
    expectedVersion: stored.version,
    lease: { owner: INSTANCE_ID, until: Date.now() + runtime.leaseMs },
    updatedAt: document.updatedAt,
    startToolCalls,
    startedAt: Date.now(),
    // A recovery's decisions were audited by the claim it takes over.
    audit: recovering ? [] : decided.audit,
    document,
    ...(recovering ? { recover: { now: Date.now() } } : {}),
  });
  attempt.claimed = true;
  const cancelled: ApprovalRecord[] = [];
  for (const approvalId of toCancel) {
    const record = await cancelApproval(runtime, approvalId);
    if (record !== undefined) cancelled.push(record);
  }
  sink?.({
    type: 'run-continued',
    runId: document.runId,
    at: Date.now(),
    agentId: document.agentId,
    sessionId: document.sessionId,
  });
  if (sink)
    for (const record of [...decidedRecords, ...cancelled])
      emitApprovalDecision(sink, document.runId, record);
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
    // `audit` records of the decisions go with the leg's next write, as they never were written
    // when a recovered leg died before it.
    pendingWrites: { approvals: decided.approvals, audit: decided.recordAudit },
  };
}

/** `approval-resolved` (or `approval-expired`) for a record a continue applied. */
function emitApprovalDecision(sink: NonNullable<EventSink>, runId: string, record: ApprovalRecord): void {
  const base = { runId, at: Date.now(), approvalId: record.id, toolName: record.toolName };
  if (record.status === 'expired') sink({ type: 'approval-expired', ...base, expiresAt: record.expiresAt });
  else if (record.status === 'approved' || record.status === 'rejected' || record.status === 'cancelled')
    sink({ type: 'approval-resolved', ...base, status: record.status, resolvedBy: record.resolvedBy });
}

/** A required approval whose call the user already rejected is cancelled, so no approver waits on it. */
async function cancelApproval(
  runtime: AgentRuntime,
  approvalId: string,
): Promise<ApprovalRecord | undefined> {
  try {
    return await runtime.store.updateApproval(approvalId, {
      expectedStatus: 'pending',
      status: 'cancelled',
      resolvedAt: nowSeconds(),
      resolutionData: { reason: 'The user rejected the call.' },
    });
  } catch (error) {
    // Somebody resolved it meanwhile: their decision stands and is audited; the call stays rejected.
    if (!(error instanceof ApprovalConflictError)) throw error;
    return undefined;
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
  const audit: ExecutionAudit = (execution) =>
    executionAuditEntry(leg.document.userId ?? 'unknown', leg.document.runId, execution, {
      ...(requirement.approvalId === undefined ? {} : { approvalId: requirement.approvalId }),
      requestedArgs: requirement.toolArgs,
    });
  const request = requirement.inputRequest;
  const retry =
    request === undefined
      ? undefined
      : {
          attempt: request.attempt,
          userInput: [
            ...request.answered,
            {
              ...(request.message === undefined ? {} : { message: request.message }),
              values: userInputValues(requirement.userInputSchema),
            },
          ],
        };
  // biome-ignore lint/style/noNonNullAssertion: validateDecidedCalls recorded every decided call.
  return executeToolCall(leg, tool, call, leg.decidedArgs!.get(requirement.toolCallId)!, audit, retry);
}

/** A team run's member requirements, by the member run that holds them. */
function byMemberRun(requirements: readonly RequirementData[]): Map<string, RequirementData[]> {
  const groups = new Map<string, RequirementData[]>();
  for (const requirement of requirements) {
    if (requirement.member === undefined) continue;
    const group = groups.get(requirement.member.runId);
    if (group === undefined) groups.set(requirement.member.runId, [requirement]);
    else group.push(requirement);
  }
  return groups;
}

/** Continues one paused member run; its answer becomes the result of the team's delegation call. */
async function resumeMember(
  leg: RunLeg,
  requirements: RequirementData[],
): Promise<ToolCallResult | { requirements: RequirementData[] }> {
  const delegation = leg.runtime.delegation;
  const member = requirements[0]?.member;
  if (delegation === undefined || member === undefined) {
    throw new ConfigurationError(
      `Run ${leg.document.runId} paused in a team member, but ${leg.runtime.id} is not a team; continue it with the team.`,
    );
  }
  const outcome = await delegation.resume(leg, requirements);
  if (outcome.status === 'paused') return { requirements: outcome.requirements };
  const last = leg.document.messages.at(-1);
  const part =
    last?.role === 'assistant'
      ? last.content.find(
          (entry) => entry.type === 'tool-call' && entry.toolCallId === member.parentToolCallId,
        )
      : undefined;
  const args =
    part?.type === 'tool-call' && typeof part.input === 'object' && part.input !== null
      ? (part.input as Record<string, unknown>)
      : {};
  return memberResult(
    leg,
    { toolCallId: member.parentToolCallId, toolName: delegation.toolName },
    args,
    outcome.content,
    outcome.isError,
  );
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
    const own = document.requirements.filter((requirement) => requirement.member === undefined);
    const [settled, members] = await Promise.all([
      Promise.all(own.map((requirement) => resolveCall(leg, requirement))),
      Promise.all([...byMemberRun(document.requirements).values()].map((group) => resumeMember(leg, group))),
    ]);
    const stillPaused: RequirementData[] = [];
    // A call that asked for user input again pauses the run again, with the results so far.
    const resolved: ToolCallResult[] = [];
    for (const result of settled) {
      if (result.asked === undefined) resolved.push(result);
      else stillPaused.push(askedRequirement(result.record, result.record.args, result.asked));
    }
    for (const member of members) {
      if ('requirements' in member) stillPaused.push(...member.requirements);
      else resolved.push(member);
    }
    for (const result of resolved) {
      if (result.record.outcome === 'rejected' || result.record.outcome === 'external') {
        leg.trace?.recordToolCall(result.record);
      }
      byCallId.set(result.part.toolCallId, result.part);
      document.toolCalls.push(result.record);
      const tool = leg.runtime.tools.get(result.record.toolName);
      if (tool?.stopAfterToolCall && result.record.outcome === 'executed' && !result.record.isError) {
        stopResult = { value: result.record.result };
      }
    }
    // A member that paused again keeps the team paused, with the results computed so far.
    if (stillPaused.length > 0)
      return await pause(leg, { results: [...byCallId.values()], requirements: stillPaused });
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
