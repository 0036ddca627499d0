import { randomUUID } from 'node:crypto';
import type { ApprovalPolicy } from '../approvals/approval.js';
import { executionAuditEntry, newApprovalRecord, recordAuditEntry } from '../approvals/approval-records.js';
import type { ToolCallResult } from '../tools/execute-tool-call.js';
import { type AnyTool, fieldDescription, fieldType } from '../tools/tool.js';
import type { ModelToolCall } from './model-call.js';
import { isUserInputKind, type RequirementData } from './run-document.js';
import { nowSeconds, type RunLeg } from './run-runtime.js';

/** The requirement a gated call pauses on. `args` are the model's validated arguments. */
export function buildRequirement(
  tool: AnyTool,
  call: ModelToolCall,
  args: Record<string, unknown>,
  lane: NonNullable<AnyTool['pauseLane']>,
): RequirementData {
  const requirement: RequirementData = {
    id: `req_${randomUUID()}`,
    kind: lane,
    toolName: tool.name,
    toolArgs: args,
    toolCallId: call.toolCallId,
    createdAt: nowSeconds(),
  };
  if (lane === 'user_input') {
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

/**
 * Marks a gated requirement as under approval. A `required` approval gets its pending record now,
 * written with the paused run in one transaction; an `audit` one gets its record once the user
 * decided.
 */
export function requestApproval(leg: RunLeg, requirement: RequirementData, policy: ApprovalPolicy): void {
  requirement.approvalType = policy.type;
  requirement.approvalId = `apr_${randomUUID()}`;
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
    id: `apr_${randomUUID()}`,
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

/** The human sentence a paused run's `content` carries: what it waits for, and from whom. */
export function pauseSentence(requirements: readonly RequirementData[]): string {
  const byKind = (kind: RequirementData['kind']) =>
    requirements
      .filter((requirement) => requirement.kind === kind)
      .map((requirement) => requirement.toolName);
  const sentences: string[] = [];
  const confirmations = byKind('confirmation');
  if (confirmations.length > 0)
    sentences.push(`I need your confirmation to run ${joinNames(confirmations)}.`);
  const inputs = requirements.filter((requirement) => isUserInputKind(requirement.kind));
  for (const requirement of inputs) {
    const fields = (requirement.userInputSchema ?? []).map((field) => field.name).join(', ');
    sentences.push(`I need some information from you to run ${requirement.toolName}: ${fields}.`);
  }
  const external = byKind('external_execution');
  if (external.length > 0) sentences.push(`Waiting for an external system to run ${joinNames(external)}.`);
  return sentences.join(' ');
}
