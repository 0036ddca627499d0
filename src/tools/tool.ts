import type { JSONSchema7 } from '@ai-sdk/provider';
import type * as z from 'zod';
import type { ApprovalPolicy } from '../approvals/approval.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { RequirementKind, ToolInputAnswer, UserInputField } from '../run/run-document.js';
import { createToolSchema, type InputSchema, type ToolSchema } from './tool-schema.js';

/** What `execute` receives besides the arguments. */
export interface ToolExecuteContext {
  runId: string;
  sessionId: string;
  userId?: string;
  agentId: string;
  toolCallId: string;
  /**
   * Stable for this tool call across retries and processes (derived from the run id and the tool
   * call id): pass it to downstream APIs that de-duplicate requests.
   */
  idempotencyKey: string;
  abortSignal?: AbortSignal;
  /**
   * When this call asked for user input while it ran (`requestUserInput`) and is issued again: the
   * answer to each request of this call so far (what was asked, and the values), oldest first.
   */
  userInput?: readonly ToolInputAnswer[];
}

/** The arguments type a schema describes. */
export type InferToolInput<TSchema> = TSchema extends z.ZodType ? z.output<TSchema> : Record<string, unknown>;

/** Options of {@link tool}. */
export interface ToolOptions<TSchema extends InputSchema = InputSchema> {
  /** Name the model calls the tool by: letters, digits, `_` and `-`, at most 64 characters. */
  name: string;
  /** What the tool does, for the model. */
  description?: string;
  /** A zod 4 object schema or a JSON Schema object describing the arguments. */
  inputSchema: TSchema;
  /** Runs the tool. Not needed for `externalExecution` tools, whose result comes from outside. */
  execute?: (input: InferToolInput<TSchema>, context: ToolExecuteContext) => unknown;
  /** The requesting user confirms each concrete call before it runs. */
  requiresConfirmation?: boolean;
  /** The user fills some (`userInputFields`) or all fields before the call runs. */
  requiresUserInput?: boolean;
  /** Fields the user fills; hidden from the model. A non-empty list implies `requiresUserInput`. */
  userInputFields?: string[];
  /**
   * Builds the form the user fills from the model's arguments, at pause time, instead of taking
   * fields from the schema (the model designs the form: questions, options, the fields it needs).
   * Implies `requiresUserInput`. A form that is not usable (no fields, repeated names, a choice
   * without options) goes back to the model as an invalid call, as does anything the hook throws.
   * The answers reach `execute` as `input[userInputKey]`, an object of values by field name.
   */
  userInputSchema?: (args: InferToolInput<TSchema>) => UserInputField[];
  /** The argument a `userInputSchema` form's answers reach `execute` under (default `values`). */
  userInputKey?: string;
  /** The requirement kind of a user-input pause: `user_feedback` for questions with options. */
  pauseKind?: 'user_feedback';
  /** The run pauses and an outside system supplies the result. */
  externalExecution?: boolean;
  /** The run ends after this tool's result; the result becomes the run's content. */
  stopAfterToolCall?: boolean;
  /**
   * The tool may safely run twice for the same call. A call interrupted by a crash is then re-run
   * on recovery instead of being reported as in doubt.
   */
  idempotent?: boolean;
}

/** The pause lane a tool's calls take, if any (the requirement kind its calls pause with). */
export type PauseLane = RequirementKind | null;

/** A tool the agent can call, as built by {@link tool}. */
export interface Tool<TInput = Record<string, unknown>> {
  readonly kind: 'countersign-tool';
  readonly name: string;
  readonly description: string | undefined;
  readonly schema: ToolSchema;
  readonly execute: ((input: TInput, context: ToolExecuteContext) => unknown) | undefined;
  readonly requiresConfirmation: boolean;
  readonly requiresUserInput: boolean;
  readonly userInputFields: readonly string[];
  /** Builds the user's form from the model's arguments (see {@link ToolOptions.userInputSchema}). */
  readonly userInputSchema: ((args: Record<string, unknown>) => UserInputField[]) | undefined;
  /** Where a `userInputSchema` form's answers reach `execute`. */
  readonly userInputKey: string;
  readonly externalExecution: boolean;
  readonly stopAfterToolCall: boolean;
  readonly idempotent: boolean;
  /** The lane a call of this tool pauses in, or `null` for an ungated tool. */
  readonly pauseLane: PauseLane;
  /** The approval policy `approval()` attached, if any. */
  readonly approval?: ApprovalPolicy;
}

// biome-ignore lint/suspicious/noExplicitAny: a tool list holds tools of any argument type.
export type AnyTool = Tool<any>;

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a tool. The schema is converted once here, so creating agents and runs costs nothing
 * per call.
 *
 * @example
 * const restartService = tool({
 *   name: 'restart_service',
 *   description: 'Restart a service',
 *   inputSchema: z.object({ serviceName: z.string() }),
 *   requiresConfirmation: true,
 *   execute: async ({ serviceName }) => `restarted ${serviceName}`,
 * });
 */
export function tool<TSchema extends InputSchema>(
  options: ToolOptions<TSchema>,
): Tool<InferToolInput<TSchema>> {
  const { name } = options;
  if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
    throw new ConfigurationError(
      `Tool name ${JSON.stringify(name)} is invalid: use 1-64 letters, digits, '_' or '-' (e.g. 'restart_service').`,
    );
  }
  const userInputFields = [...(options.userInputFields ?? [])];
  const form = dynamicForm(options);
  const requiresUserInput =
    options.requiresUserInput === true || userInputFields.length > 0 || form !== undefined;
  const flags = [
    options.requiresConfirmation === true && 'requiresConfirmation',
    requiresUserInput && 'requiresUserInput',
    options.externalExecution === true && 'externalExecution',
  ].filter(Boolean);
  if (flags.length > 1) {
    throw new ConfigurationError(
      `Tool ${name} sets ${flags.join(' and ')}: a call pauses in one lane only. Keep one flag; wrap the tool with approval() for an admin sign-off on top.`,
    );
  }
  if (options.pauseKind !== undefined && (options.pauseKind !== 'user_feedback' || !requiresUserInput)) {
    throw new ConfigurationError(
      `Tool ${name}: pauseKind ${JSON.stringify(options.pauseKind)} needs a user-input tool and must be 'user_feedback'.`,
    );
  }
  if (!options.externalExecution && typeof options.execute !== 'function') {
    throw new ConfigurationError(
      `Tool ${name} has no execute function. Add one, or set externalExecution: true.`,
    );
  }
  const schema = createToolSchema(options.inputSchema, name, userInputFields);
  const fields =
    requiresUserInput && userInputFields.length === 0 && form === undefined
      ? Object.keys(schema.jsonSchema.properties ?? {})
      : userInputFields;
  const finalSchema =
    fields === userInputFields ? schema : createToolSchema(options.inputSchema, name, fields);
  const userInputKey = options.userInputKey ?? 'values';
  if (form !== undefined && Object.hasOwn(finalSchema.jsonSchema.properties ?? {}, userInputKey)) {
    throw new ConfigurationError(
      `Tool ${name}: userInputKey '${userInputKey}' is also an argument of the schema; the model must not fill the user's answers. Pick another userInputKey.`,
    );
  }
  const pauseLane: PauseLane = options.requiresConfirmation
    ? 'confirmation'
    : requiresUserInput
      ? (options.pauseKind ?? 'user_input')
      : options.externalExecution
        ? 'external_execution'
        : null;
  return Object.freeze({
    kind: 'countersign-tool',
    name,
    description: options.description,
    schema: finalSchema,
    execute: options.execute as Tool<InferToolInput<TSchema>>['execute'],
    requiresConfirmation: options.requiresConfirmation === true,
    requiresUserInput,
    userInputFields: Object.freeze(fields),
    userInputSchema: form,
    userInputKey,
    externalExecution: options.externalExecution === true,
    stopAfterToolCall: options.stopAfterToolCall === true,
    idempotent: options.idempotent === true,
    pauseLane,
  });
}

/** The `userInputSchema` hook of tool options, checked against the other user-input options. */
function dynamicForm<TSchema extends InputSchema>(options: ToolOptions<TSchema>): Tool['userInputSchema'] {
  const hook = options.userInputSchema;
  if (hook === undefined) return undefined;
  if (typeof hook !== 'function') {
    throw new ConfigurationError(
      `Tool ${options.name}: userInputSchema must be a function (args) => fields.`,
    );
  }
  if ((options.userInputFields ?? []).length > 0) {
    throw new ConfigurationError(
      `Tool ${options.name} sets both userInputFields and userInputSchema: the user's form comes from one of them.`,
    );
  }
  return hook as Tool['userInputSchema'];
}

/** The JSON Schema type name of one property, for user-input forms. */
export function fieldType(schema: JSONSchema7, field: string): string {
  const property = schema.properties?.[field];
  if (typeof property !== 'object' || property === null) return 'string';
  const type = Array.isArray(property.type) ? property.type.find((entry) => entry !== 'null') : property.type;
  return typeof type === 'string' ? type : 'string';
}

/** The description of one property, when the schema has one. */
export function fieldDescription(schema: JSONSchema7, field: string): string | undefined {
  const property = schema.properties?.[field];
  return typeof property === 'object' && property !== null ? property.description : undefined;
}
