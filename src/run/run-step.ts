import type { LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import { gateOf } from '../approvals/approval.js';
import { emitResult, executeToolCall, resultOf, type ToolCallResult } from '../tools/execute-tool-call.js';
import { formatIssues } from '../tools/tool-schema.js';
import type { ModelToolCall } from './model-call.js';
import { askedRequirement, buildRequirement, recordAuditedExecution, requestApproval } from './pause.js';
import type { RequirementData } from './run-document.js';
import type { RunLeg } from './run-runtime.js';

/** What the tool calls of one model step came to. */
export interface StepOutcome {
  /** Results in call order; `undefined` where the call is gated and waits for a decision. */
  results: (LanguageModelV3ToolResultPart | undefined)[];
  requirements: RequirementData[];
  /** The result of a `stopAfterToolCall` tool, when one ran: the run ends with it. */
  stopResult?: { value: unknown };
}

/** Parses the model's raw JSON arguments. Empty input means no arguments. */
export function parseArguments(input: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (input.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(input) };
  } catch (error) {
    return { ok: false, message: `the arguments are not valid JSON (${(error as Error).message})` };
  }
}

/** A member's answer as the result of the team's delegation call. */
export function memberResult(
  leg: RunLeg,
  call: { toolCallId: string; toolName: string },
  args: Record<string, unknown>,
  content: string,
  isError: boolean,
): ToolCallResult {
  emitResult(leg, call, content, isError);
  return resultOf(call, args, content, isError, isError ? 'failed' : 'executed');
}

function invalid(leg: RunLeg, call: ModelToolCall, message: string): ToolCallResult {
  emitResult(leg, call, message, true);
  const result = resultOf(call, {}, message, true, 'invalid');
  leg.trace?.recordToolCall(result.record);
  return result;
}

/**
 * Handles the tool calls of one model step: invalid calls become tool errors for the model,
 * gated calls become requirements (nothing of theirs runs), and ungated calls execute
 * concurrently. Results keep the model's call order.
 */
export async function runToolCalls(leg: RunLeg, calls: readonly ModelToolCall[]): Promise<StepOutcome> {
  const { tools } = leg.runtime;
  const outcome: StepOutcome = { results: new Array(calls.length), requirements: [] };
  const records: ToolCallResult['record'][] = new Array(calls.length);
  const pending: Promise<void>[] = [];
  calls.forEach((call, index) => {
    const store = (result: ToolCallResult) => {
      outcome.results[index] = result.part;
      records[index] = result.record;
    };
    const tool = tools.get(call.toolName);
    if (!tool) {
      const known = [...tools.keys()].join(', ') || 'none';
      store(invalid(leg, call, `Unknown tool ${call.toolName}. Available tools: ${known}.`));
      return;
    }
    const parsed = parseArguments(call.input);
    const validated = parsed.ok ? tool.schema.validateModelArgs(parsed.value) : undefined;
    if (!parsed.ok || !validated?.ok) {
      const detail = parsed.ok
        ? formatIssues(validated?.ok === false ? validated.issues : [])
        : parsed.message;
      store(
        invalid(
          leg,
          call,
          `Invalid arguments for ${call.toolName}: ${detail}. Call the tool again with arguments that match its schema.`,
        ),
      );
      return;
    }
    const { document } = leg;
    const delegation = leg.runtime.delegation;
    if (delegation !== undefined && call.toolName === delegation.toolName) {
      // A member's run: its answer is the call's result; its pause pauses this run too.
      pending.push(
        delegation.start(leg, call.toolCallId, validated.value).then((member) => {
          if (member.status === 'paused') outcome.requirements.push(...member.requirements);
          else store(memberResult(leg, call, validated.value, member.content, member.isError));
        }),
      );
      return;
    }
    const gate = gateOf(tool, validated.value, {
      runId: document.runId,
      sessionId: document.sessionId,
      userId: document.userId,
      agentId: document.agentId,
      toolCallId: call.toolCallId,
    });
    if (gate.lane !== null) {
      let requirement: RequirementData;
      try {
        requirement = buildRequirement(tool, call, validated.value, gate.lane);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        store(
          invalid(
            leg,
            call,
            `Invalid arguments for ${call.toolName}: ${detail}. Call the tool again with a usable form.`,
          ),
        );
        return;
      }
      if (gate.policy) requestApproval(leg, requirement, gate.policy);
      leg.trace?.recordPause(requirement);
      outcome.requirements.push(requirement);
      return;
    }
    pending.push(
      executeToolCall(leg, tool, call, validated.value).then((result) => {
        if (result.asked !== undefined) {
          outcome.requirements.push(askedRequirement(call, validated.value, result.asked));
          return;
        }
        store(result);
        if (gate.policy) recordAuditedExecution(leg, call, result, gate.policy);
        if (tool.stopAfterToolCall && !result.record.isError)
          outcome.stopResult = { value: result.record.result };
      }),
    );
  });
  if (pending.length > 0) await Promise.all(pending);
  for (const record of records) if (record) leg.document.toolCalls.push(record);
  return outcome;
}
