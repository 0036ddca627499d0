import type { JSONSchema7 } from '@ai-sdk/provider';
import type * as z from 'zod';
import type { ApprovalPolicy } from '../approvals/approval.js';
import { ConfigurationError } from '../errors/configuration-error.js';
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

/** The pause lane a tool's calls take, if any. */
export type PauseLane = 'confirmation' | 'user_input' | 'external_execution' | null;

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
  const requiresUserInput = options.requiresUserInput === true || userInputFields.length > 0;
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
  if (!options.externalExecution && typeof options.execute !== 'function') {
    throw new ConfigurationError(
      `Tool ${name} has no execute function. Add one, or set externalExecution: true.`,
    );
  }
  const schema = createToolSchema(options.inputSchema, name, userInputFields);
  const fields =
    requiresUserInput && userInputFields.length === 0
      ? Object.keys(schema.jsonSchema.properties ?? {})
      : userInputFields;
  const finalSchema =
    fields === userInputFields ? schema : createToolSchema(options.inputSchema, name, fields);
  const pauseLane: PauseLane = options.requiresConfirmation
    ? 'confirmation'
    : requiresUserInput
      ? 'user_input'
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
    externalExecution: options.externalExecution === true,
    stopAfterToolCall: options.stopAfterToolCall === true,
    idempotent: options.idempotent === true,
    pauseLane,
  });
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
