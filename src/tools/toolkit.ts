import { ConfigurationError } from '../errors/configuration-error.js';
import type { AnyTool } from './tool.js';

/**
 * A named set of tools with instructions for the model (`UserFeedbackTools`, `MCPTools`). An
 * agent's `tools` takes toolkits beside tools: their tools are added and their instructions are
 * appended to the system prompt.
 */
export interface Toolkit {
  readonly kind: 'countersign-toolkit';
  readonly name: string;
  readonly tools: readonly AnyTool[];
  /** Guidance for the model on when and how to use the tools; `undefined` adds none. */
  readonly instructions: string | undefined;
}

/** What an agent's or a team's `tools` option holds. */
export type ToolEntry = AnyTool | Toolkit;

/** Whether a value is a {@link Toolkit}. */
export function isToolkit(value: unknown): value is Toolkit {
  return typeof value === 'object' && value !== null && (value as Toolkit).kind === 'countersign-toolkit';
}

/**
 * Flattens tools and toolkits into one tool list and the toolkits' instructions, in the order
 * given. Reading a toolkit's `tools` may throw (an MCP toolkit that is not connected); the error
 * names the owner.
 */
export function expandToolEntries(
  entries: readonly ToolEntry[],
  owner: string,
): { tools: AnyTool[]; instructions: string[] } {
  const tools: AnyTool[] = [];
  const instructions: string[] = [];
  for (const entry of entries) {
    if (!isToolkit(entry)) {
      tools.push(entry);
      continue;
    }
    let members: readonly AnyTool[];
    try {
      members = entry.tools;
    } catch (error) {
      throw new ConfigurationError(
        `${owner}: toolkit ${entry.name} has no tools yet: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    tools.push(...members);
    if (entry.instructions !== undefined && entry.instructions.trim() !== '')
      instructions.push(entry.instructions);
  }
  return { tools, instructions };
}
