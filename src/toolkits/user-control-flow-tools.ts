import * as z from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import type { UserInputField } from '../run/run-document.js';
import { type AnyTool, tool } from '../tools/tool.js';
import type { Toolkit } from '../tools/toolkit.js';

/** Options of {@link UserControlFlowTools}. */
export interface UserControlFlowToolsOptions {
  /** Replaces {@link UserControlFlowTools.DEFAULT_INSTRUCTIONS}. */
  instructions?: string;
  /** Whether the instructions go into the system prompt (default `true`). */
  addInstructions?: boolean;
}

const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;

const fieldSchema = z.object({
  fieldName: z.string().min(1).describe("The field's name, e.g. 'recipientEmail'; unique per call."),
  fieldType: z.enum(FIELD_TYPES).describe('The JSON type of the value the user enters.'),
  fieldDescription: z.string().min(1).describe('What the user should enter, in one short sentence.'),
});

const inputSchema = z.object({
  userInputFields: z
    .array(fieldSchema)
    .min(1)
    .describe('Only the fields you still need from the user, not the ones you already know.'),
});

type GetUserInputInput = z.output<typeof inputSchema>;

/** What the model receives for each field once the user filled the form. */
export interface UserControlFlowValue {
  name: string;
  value: unknown;
}

/** The form of one `get_user_input` call: exactly the fields the model asked for. */
function controlFlowForm({ userInputFields }: GetUserInputInput): UserInputField[] {
  const seen = new Set<string>();
  const issues: { path: string; message: string }[] = [];
  userInputFields.forEach((field, index) => {
    if (seen.has(field.fieldName)) {
      issues.push({
        path: `userInputFields.${index}.fieldName`,
        message: `repeats the field ${JSON.stringify(field.fieldName)}; ask for each field once`,
      });
    }
    seen.add(field.fieldName);
  });
  if (issues.length > 0) {
    throw new ValidationError(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
  }
  return userInputFields.map((field) => ({
    name: field.fieldName,
    type: field.fieldType,
    description: field.fieldDescription,
  }));
}

/**
 * Lets the model stop and ask the user for exactly the values it still needs, as a form it
 * designs: calling `get_user_input` with field names, types and descriptions pauses the run with
 * a `user_input` requirement listing those fields; `provideUserInput({...})` fills them (each
 * checked against its type) and the model receives the values when the run continues.
 *
 * @example
 * const agent = new Agent({ model, tools: [sendEmail, new UserControlFlowTools()], db });
 * const run = await agent.run('Email the report');
 * const [requirement] = run.activeRequirements;        // fields: recipient (string), subject (string)
 * requirement.provideUserInput({ recipient: 'ana@example.com', subject: 'Q3 report' });
 * await agent.continueRun({ runId: run.runId, requirements: run.requirements });
 */
export class UserControlFlowTools implements Toolkit {
  /** What the model is told about `get_user_input` unless `instructions` replaces it. */
  static readonly DEFAULT_INSTRUCTIONS = [
    'You can ask the user for information you are missing with the `get_user_input` tool.',
    '- When a task needs values you do not have, call `get_user_input` instead of guessing or',
    '  asking in plain text; continue the task once the values come back as the tool result.',
    '- List only the fields you still need, each with a `fieldName`, a `fieldType`',
    '  (string, number, integer, boolean, array or object) and a short `fieldDescription`.',
    '- Never make up a value you were not given.',
  ].join('\n');

  readonly kind = 'countersign-toolkit' as const;
  readonly name = 'user_control_flow_tools';
  readonly tools: readonly AnyTool[];
  readonly instructions: string | undefined;

  constructor(options: UserControlFlowToolsOptions = {}) {
    this.instructions =
      options.addInstructions === false
        ? undefined
        : (options.instructions ?? UserControlFlowTools.DEFAULT_INSTRUCTIONS);
    const getUserInput = tool({
      name: 'get_user_input',
      description:
        'Ask the user to fill in the fields you still need, as a form, and wait for the values. ' +
        'Returns the name and value of each field.',
      inputSchema,
      userInputSchema: controlFlowForm,
      userInputKey: 'values',
      execute: (input) => {
        const values = (input as GetUserInputInput & { values: Record<string, unknown> }).values;
        return input.userInputFields.map(
          (field): UserControlFlowValue => ({ name: field.fieldName, value: values[field.fieldName] }),
        );
      },
    });
    this.tools = Object.freeze([getUserInput]);
  }
}
