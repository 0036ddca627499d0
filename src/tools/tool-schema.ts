import type { JSONSchema7 } from '@ai-sdk/provider';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as z from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { fastZodToJsonSchema } from './zod-json-schema.js';

/** What a tool's `inputSchema` may be: a zod 4 schema or a JSON Schema object. */
export type InputSchema = z.ZodType | JSONSchema7;

/** The outcome of validating a value: the parsed value, or the issues found. */
export type ValidationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; issues: ValidationIssue[] };

/**
 * A tool's input schema, converted once: the JSON Schema the model sees (without the fields the
 * user fills) and a validator for complete arguments. Built at `tool()` time, never per call.
 */
export interface ToolSchema {
  /** The full JSON Schema of the arguments. */
  readonly jsonSchema: JSONSchema7;
  /** The JSON Schema sent to the model: `jsonSchema` minus the user-input fields. */
  readonly modelSchema: JSONSchema7;
  /** Validates complete arguments (model arguments merged with user input). */
  validate(value: unknown): ValidationResult;
  /** Validates the arguments the model produced (user-input fields not required). */
  validateModelArgs(value: unknown): ValidationResult;
}

/** zod parses made without its compiled fast path before the schema is considered hot. */
const JIT_AFTER_PARSES = 16;
const JITLESS = { jitless: true } as const;

let sharedAjv: Ajv | undefined;
function ajv(): Ajv {
  sharedAjv ??= new Ajv({ allErrors: true, strict: false, useDefaults: true });
  return sharedAjv;
}

function isZodSchema(schema: InputSchema): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function ajvIssues(errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((error) => {
    const base = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : '';
    const extra = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : '';
    const field = missing || extra;
    const path = field ? (base ? `${base}.${field}` : field) : base;
    const message = extra ? 'is not a known field' : (error.message ?? 'is invalid');
    return { path, message };
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes the named properties from an object schema (for the model's view). */
function withoutFields(schema: JSONSchema7, fields: readonly string[]): JSONSchema7 {
  if (fields.length === 0) return schema;
  const properties = { ...(schema.properties ?? {}) };
  for (const field of fields) delete properties[field];
  const required = (schema.required ?? []).filter((name) => !fields.includes(name));
  return { ...schema, properties, required };
}

function jsonSchemaOf(schema: InputSchema, toolName: string): JSONSchema7 {
  if (!isZodSchema(schema)) {
    if (typeof schema !== 'object' || schema === null) {
      throw new ConfigurationError(
        `Tool ${toolName}: inputSchema must be a zod schema or a JSON Schema object.`,
      );
    }
    return schema;
  }
  const fast = fastZodToJsonSchema(schema);
  if (fast !== undefined) return fast;
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JSONSchema7 & {
    $schema?: string;
  };
  delete converted.$schema;
  return converted;
}

/**
 * Converts and caches a tool's input schema.
 *
 * @param schema - zod 4 or JSON Schema; must describe an object.
 * @param userInputFields - fields the user fills; hidden from the model and optional in its arguments.
 */
export function createToolSchema(
  schema: InputSchema,
  toolName: string,
  userInputFields: readonly string[],
): ToolSchema {
  const jsonSchema = jsonSchemaOf(schema, toolName);
  if (jsonSchema.type !== 'object') {
    throw new ConfigurationError(
      `Tool ${toolName}: inputSchema must describe an object (z.object({...}) or { type: 'object', ... }).`,
    );
  }
  const known = Object.keys(jsonSchema.properties ?? {});
  const unknown = userInputFields.filter((field) => !known.includes(field));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `Tool ${toolName}: userInputFields names ${unknown.join(', ')}, which the inputSchema does not have (fields: ${known.join(', ') || 'none'}).`,
    );
  }
  const modelSchema = withoutFields(jsonSchema, userInputFields);

  let validate: (value: unknown) => ValidationResult;
  let validateModelArgs: (value: unknown) => ValidationResult;
  if (isZodSchema(schema)) {
    const full = schema;
    const partialModel =
      userInputFields.length > 0 && full instanceof z.ZodObject
        ? full.partial(Object.fromEntries(userInputFields.map((field) => [field, true])) as never)
        : full;
    // zod compiles a fast path on an object schema's first parse, which costs more than dozens of
    // plain parses: a tool made per request would pay it every time. Parse without it until the
    // schema has proved hot.
    let parses = 0;
    const run = (target: z.ZodType, value: unknown): ValidationResult => {
      parses += 1;
      const parsed = target.safeParse(value, parses <= JIT_AFTER_PARSES ? JITLESS : undefined);
      if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
      if (!isPlainObject(parsed.data))
        return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
      return { ok: true, value: parsed.data };
    };
    validate = (value) => run(full, value);
    validateModelArgs = (value) => run(partialModel, value);
  } else {
    let compiledFull: ValidateFunction | undefined;
    let compiledModel: ValidateFunction | undefined;
    const modelValidationSchema = { ...jsonSchema, required: modelSchema.required ?? [] };
    const run = (compiled: ValidateFunction, value: unknown): ValidationResult => {
      if (!isPlainObject(value)) return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
      const copy = structuredClone(value);
      if (!compiled(copy)) return { ok: false, issues: ajvIssues(compiled.errors) };
      return { ok: true, value: copy };
    };
    validate = (value) => {
      compiledFull ??= ajv().compile(jsonSchema);
      return run(compiledFull, value);
    };
    validateModelArgs = (value) => {
      compiledModel ??= ajv().compile(modelValidationSchema);
      return run(compiledModel, value);
    };
  }
  return { jsonSchema, modelSchema, validate, validateModelArgs };
}

/** Formats validation issues as one readable line: `serviceName: expected string; port: too big`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}
