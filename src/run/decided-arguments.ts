import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { AnyTool } from '../tools/tool.js';
import { formatIssues } from '../tools/tool-schema.js';
import { isUserInputKind, type RequirementData, type RunDocument } from './run-document.js';
import { type AgentRuntime, toolOf } from './run-runtime.js';
import { userInputIssues, userInputValues } from './user-input-fields.js';

/**
 * The arguments a decided call is validated with: the model's, plus user input merged into them
 * or a confirmer's edits. The answers of a form the tool built at pause time (`userInputSchema`)
 * or asked for while it ran are not schema arguments: they are checked against their form here
 * and travel beside the arguments.
 */
function finalArguments(requirement: RequirementData, tool: AnyTool): Record<string, unknown> {
  if (isUserInputKind(requirement.kind)) {
    const values = userInputValues(requirement.userInputSchema);
    if (requirement.inputRequest !== undefined || tool.userInputSchema !== undefined) {
      const issues = userInputIssues(requirement.userInputSchema ?? [], values, requirement.toolName);
      if (issues.length > 0) {
        throw new ValidationError(
          `The user input of ${requirement.toolName} (requirement ${requirement.id}) is invalid: ${formatIssues(issues)}. Nothing was executed; correct the values and continue again.`,
          issues,
        );
      }
      return requirement.toolArgs;
    }
    return { ...requirement.toolArgs, ...values };
  }
  return requirement.decision?.editedArgs
    ? { ...requirement.toolArgs, ...requirement.decision.editedArgs }
    : requirement.toolArgs;
}

/**
 * Validates the arguments every decided call will run with (user input and edits merged in)
 * against its tool's schema, before anything is claimed, and returns them by tool call id.
 */
export function validateDecidedCalls(
  runtime: AgentRuntime,
  document: RunDocument,
): Map<string, Record<string, unknown>> {
  const decidedArgs = new Map<string, Record<string, unknown>>();
  for (const requirement of document.requirements) {
    if (requirement.decision?.confirmed === false || requirement.kind === 'external_execution') continue;
    const tool = toolOf(runtime, requirement);
    if (!tool) {
      const owner = requirement.member?.agentId ?? runtime.id;
      throw new ConfigurationError(
        `Run ${document.runId} paused on tool ${requirement.toolName}, which agent ${owner} no longer has. Add the tool back to continue the run.`,
      );
    }
    const checked = tool.schema.validate(finalArguments(requirement, tool));
    if (!checked.ok) {
      throw new ValidationError(
        `The decided arguments of ${requirement.toolName} (requirement ${requirement.id}) are invalid: ${formatIssues(checked.issues)}. Nothing was executed; correct the values and continue again.`,
        checked.issues,
      );
    }
    const args = checked.value;
    if (tool.userInputSchema !== undefined && requirement.inputRequest === undefined)
      args[tool.userInputKey] = userInputValues(requirement.userInputSchema);
    // A member's call runs in the member's own run, which validates it again when it resumes.
    if (requirement.member === undefined) decidedArgs.set(requirement.toolCallId, args);
  }
  return decidedArgs;
}
