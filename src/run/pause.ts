import type { ApprovalPolicy } from '../approvals/approval.js';
import { executionAuditEntry, newApprovalRecord, recordAuditEntry } from '../approvals/approval-records.js';
import { ValidationError } from '../errors/validation-error.js';
import { timeOrderedId } from '../ids/index.js';
import type { ToolCallIdentity, ToolCallResult } from '../tools/execute-tool-call.js';
import { type AnyTool, fieldDescription, fieldType } from '../tools/tool.js';
import { formatIssues } from '../tools/tool-schema.js';
import type { ModelToolCall } from './model-call.js';
import { isUserInputKind, type RequirementData, type UserInputField } from './run-document.js';
import { nowSeconds, type RunLeg } from './run-runtime.js';
import { checkUserInputForm } from './user-input-fields.js';

/** The form a tool's `userInputSchema` hook builds for one call; a `ValidationError` if unusable. */
function dynamicForm(tool: AnyTool, args: Record<string, unknown>): UserInputField[] {
  // biome-ignore lint/style/noNonNullAssertion: only called for tools with a hook.
  const checked = checkUserInputForm(tool.userInputSchema!(args));
  if (!checked.ok) {
    throw new ValidationError(
      `the form for the user is not usable: ${formatIssues(checked.issues)}`,
      checked.issues,
    );
  }
  return checked.fields;
}

/**
 * The requirement a gated call pauses on. `args` are the model's validated arguments. A tool
 * whose `userInputSchema` hook throws, or builds an unusable form, makes this throw: the call is
 * then invalid and goes back to the model.
 */
export function buildRequirement(
  tool: AnyTool,
  call: ModelToolCall,
  args: Record<string, unknown>,
  lane: NonNullable<AnyTool['pauseLane']>,
): RequirementData {
  const requirement: RequirementData = {
    id: `req_${timeOrderedId()}`,
    kind: lane,
    toolName: tool.name,
    toolArgs: args,
    toolCallId: call.toolCallId,
    createdAt: nowSeconds(),
  };
  if (isUserInputKind(lane) && tool.userInputSchema !== undefined) {
    requirement.userInputSchema = dynamicForm(tool, args);
  } else if (isUserInputKind(lane)) {
    const schema = tool.schema.jsonSchema;
    requirement.userInputSchema = tool.userInputFields.map((name) => {
      const description = fieldDescription(schema, name);
      return description === undefined
        ? { name, type: fieldType(schema, name) }
        : { name, type: fieldType(schema, name), description };
    });
  }
  return requirement;
}

/** The requirement of a call that asked for user input while it ran (see `requestUserInput`). */
export function askedRequirement(
  call: ToolCallIdentity,
  args: Record<string, unknown>,
  asked: NonNullable<ToolCallResult['asked']>,
): RequirementData {
  return {
    id: `req_${timeOrderedId()}`,
    kind: 'user_input',
    toolName: call.toolName,
    toolArgs: args,
    toolCallId: call.toolCallId,
    createdAt: nowSeconds(),
    userInputSchema: asked.fields.map((field) => ({ ...field })),
    inputRequest: asked.inputRequest,
  };
}

/**
 * Marks a gated requirement as under approval. A `required` approval gets its pending record now,
 * written with the paused run in one transaction; an `audit` one gets its record once the user
 * decided.
 */
export function requestApproval(leg: RunLeg, requirement: RequirementData, policy: ApprovalPolicy): void {
  requirement.approvalType = policy.type;
  requirement.approvalId = `apr_${timeOrderedId()}`;
  if (policy.type !== 'required') return;
  const record = newApprovalRecord(leg.document, leg.runtime.name ?? leg.runtime.id, {
    id: requirement.approvalId,
    requirement,
    policy,
    status: 'pending',
    now: nowSeconds(),
  });
  leg.pendingWrites.approvals.push(record);
  leg.pendingWrites.audit.push(recordAuditEntry(record, leg.document.userId ?? 'unknown'));
}

/** A bare `audit` tool ran: its `approved` record and the execution's audit entry go with the next write. */
export function recordAuditedExecution(
  leg: RunLeg,
  call: ModelToolCall,
  result: ToolCallResult,
  policy: ApprovalPolicy,
): void {
  const { document } = leg;
  const record = newApprovalRecord(document, leg.runtime.name ?? leg.runtime.id, {
    id: `apr_${timeOrderedId()}`,
    requirement: {
      id: '',
      kind: 'confirmation',
      toolName: call.toolName,
      toolArgs: result.record.args,
      toolCallId: call.toolCallId,
    },
    policy,
    status: 'approved',
    now: nowSeconds(),
    resolvedBy: 'system',
    reason: 'audit only: no approval needed',
  });
  leg.pendingWrites.approvals.push(record);
  leg.pendingWrites.audit.push(
    recordAuditEntry(record, 'system'),
    executionAuditEntry(
      document.userId ?? 'unknown',
      document.runId,
      { ...result.record, toolName: call.toolName },
      { approvalId: record.id },
    ),
  );
}

function joinNames(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 1) return unique.join('');
  return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

/**
 * The human sentence a paused run's `content` carries: what it waits for, and from whom. A call
 * whose only gate is an approval (no confirmation flag of its own) waits for an approver, not for
 * the user; `approverOf` tells those apart and names the role.
 */
export function pauseSentence(
  requirements: readonly RequirementData[],
  approverOf: (requirement: RequirementData) => { approvalOnly: boolean; role: string | null } = () => ({
    approvalOnly: false,
    role: null,
  }),
): string {
  const byKind = (kind: RequirementData['kind']) =>
    requirements
      .filter((requirement) => requirement.kind === kind)
      .map((requirement) => requirement.toolName);
  const sentences: string[] = [];
  const confirmations = requirements.filter((requirement) => requirement.kind === 'confirmation');
  const approvalOnly = confirmations.filter(
    (requirement) => requirement.approvalType === 'required' && approverOf(requirement).approvalOnly,
  );
  const forUser = confirmations.filter((requirement) => !approvalOnly.includes(requirement));
  if (forUser.length > 0)
    sentences.push(`I need your confirmation to run ${joinNames(forUser.map((entry) => entry.toolName))}.`);
  for (const requirement of approvalOnly) {
    const role = approverOf(requirement).role;
    sentences.push(
      `${requirement.toolName} is waiting for ${role === null ? 'an approver' : `an approver with the ${role} role`} to sign off.`,
    );
  }
  const inputs = requirements.filter((requirement) => isUserInputKind(requirement.kind));
  for (const requirement of inputs) {
    const schema = requirement.userInputSchema ?? [];
    const fields = schema.map((field) => field.name).join(', ');
    const message = requirement.inputRequest?.message;
    if (requirement.kind === 'user_feedback') {
      const questions = schema.map((field) => field.question ?? field.name).join(' ');
      sentences.push(`I have ${schema.length === 1 ? 'a question' : 'some questions'} for you: ${questions}`);
    } else if (message !== undefined && message.trim() !== '') {
      sentences.push(`${requirement.toolName} needs some information from you (${fields}): ${message}`);
    } else sentences.push(`I need some information from you to run ${requirement.toolName}: ${fields}.`);
  }
  const external = byKind('external_execution');
  if (external.length > 0) sentences.push(`Waiting for an external system to run ${joinNames(external)}.`);
  return sentences.join(' ');
}
