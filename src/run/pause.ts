import { randomUUID } from 'node:crypto';
import { type AnyTool, fieldDescription, fieldType } from '../tools/tool.js';
import type { ModelToolCall } from './model-call.js';
import type { RequirementData } from './run-document.js';
import { nowSeconds } from './run-runtime.js';

/** The requirement a gated call pauses on. `args` are the model's validated arguments. */
export function buildRequirement(
  tool: AnyTool,
  call: ModelToolCall,
  args: Record<string, unknown>,
): RequirementData {
  const requirement: RequirementData = {
    id: `req_${randomUUID()}`,
    // biome-ignore lint/style/noNonNullAssertion: only gated tools reach this point.
    kind: tool.pauseLane!,
    toolName: tool.name,
    toolArgs: args,
    toolCallId: call.toolCallId,
    createdAt: nowSeconds(),
  };
  if (tool.pauseLane === 'user_input') {
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
  const inputs = requirements.filter(
    (requirement) => requirement.kind === 'user_input' || requirement.kind === 'user_feedback',
  );
  for (const requirement of inputs) {
    const fields = (requirement.userInputSchema ?? []).map((field) => field.name).join(', ');
    sentences.push(`I need some information from you to run ${requirement.toolName}: ${fields}.`);
  }
  const external = byKind('external_execution');
  if (external.length > 0) sentences.push(`Waiting for an external system to run ${joinNames(external)}.`);
  return sentences.join(' ');
}
