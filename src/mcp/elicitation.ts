import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ToolInputAnswer, UserInputField } from '../run/run-document.js';

/** The form-mode parameters of an MCP elicitation request. */
type FormParams = Extract<ElicitRequest['params'], { requestedSchema: unknown }>;
type RequestedSchema = FormParams['requestedSchema'];
type PropertySchema = RequestedSchema['properties'][string];

/** An elicitation a call met and could not answer yet: what the run pauses on. */
export interface PendingElicitation {
  fields: UserInputField[];
  message: string;
}

/** One MCP tool call in flight: the answers it may give, and what it was asked. */
interface ActiveCall {
  /** The user's answers to this call's earlier elicitations, oldest first. */
  answers: readonly ToolInputAnswer[];
  /** The first elicitation this attempt had no (valid) answer for. */
  pending: PendingElicitation | undefined;
}

/** Appended to the message of an elicitation asked again because its answer was refused. */
const REFUSED = ' (the last answer was refused: ';

const validator = new AjvJsonSchemaValidator();

function optionsOf(
  entries: readonly { const: string; title: string }[] | undefined,
  values: readonly string[] | undefined,
  titles?: readonly string[],
): UserInputField['options'] {
  if (entries !== undefined) {
    return entries.map((entry) =>
      entry.title === entry.const ? { label: entry.const } : { label: entry.const, description: entry.title },
    );
  }
  return values?.map((value, index) => {
    const title = titles?.[index];
    return title === undefined || title === value ? { label: value } : { label: value, description: title };
  });
}

/** The user-input field of one property of a requested schema (MCP allows only flat primitives). */
function fieldOf(name: string, property: PropertySchema, required: boolean): UserInputField | undefined {
  const field: UserInputField = { name, type: property.type };
  const description = property.description ?? property.title;
  if (description !== undefined) field.description = description;
  if (!required) field.optional = true;
  if (property.type === 'array') {
    const items = property.items as { enum?: string[]; anyOf?: { const: string; title: string }[] };
    const options = optionsOf(items.anyOf, items.enum);
    if (options === undefined || options.length === 0) return undefined;
    return { ...field, options, multiple: true };
  }
  if (property.type === 'string') {
    const choices = property as {
      enum?: string[];
      enumNames?: string[];
      oneOf?: { const: string; title: string }[];
    };
    const options = optionsOf(choices.oneOf, choices.enum, choices.enumNames);
    if (options !== undefined) return options.length === 0 ? undefined : { ...field, options };
  }
  return field;
}

/**
 * The user-input form of an elicitation's requested schema: one field per property, choices as
 * options (titles become option descriptions), properties outside `required` optional. Returns
 * `undefined` for a schema this client cannot present.
 */
export function elicitationForm(schema: RequestedSchema): UserInputField[] | undefined {
  const required = new Set(schema.required ?? []);
  const fields: UserInputField[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = fieldOf(name, property, required.has(name));
    if (field === undefined) return undefined;
    fields.push(field);
  }
  return fields.length > 0 ? fields : undefined;
}

/**
 * The newest answer given to this very question: the same message (the one the user saw may
 * carry a refusal note) and the same fields. An answer to another question is never reused.
 */
function answerTo(
  answers: readonly ToolInputAnswer[],
  message: string,
  fields: readonly UserInputField[],
): ToolInputAnswer | undefined {
  const names = fields.map((field) => field.name).sort();
  for (let index = answers.length - 1; index >= 0; index -= 1) {
    const answer = answers[index] as ToolInputAnswer;
    const asked = answer.message ?? '';
    if (asked !== message && !asked.startsWith(`${message}${REFUSED}`)) continue;
    const given = Object.keys(answer.values).sort();
    if (given.length === names.length && given.every((name, position) => name === names[position]))
      return answer;
  }
  return undefined;
}

/** The content of an accepted elicitation, checked against the requested schema. */
function contentOf(
  answer: ToolInputAnswer,
  schema: RequestedSchema,
): { ok: true; content: Record<string, unknown> } | { ok: false; problem: string } {
  // Optional fields the user left empty (null) are left out of the content.
  const content = Object.fromEntries(Object.entries(answer.values).filter(([, value]) => value !== null));
  const checked = validator.getValidator(schema as never)(content);
  return checked.valid ? { ok: true, content } : { ok: false, problem: checked.errorMessage };
}

/**
 * Answers MCP elicitations on behalf of the tool call in flight, so they can wait for a human
 * for as long as a paused run does. Calls go through {@link run} one at a time, which makes every
 * elicitation attributable to exactly one call. The first time a call is asked, the request is
 * recorded and answered `cancel`; the call's result is then dropped and the run pauses for the
 * fields. When the call is issued again with the user's answers, the same elicitation (same
 * message, same fields) is answered `accept` with them if they are valid against its requested
 * schema; otherwise the call pauses again and the user is asked again, told why.
 */
export class McpElicitations {
  #active: ActiveCall | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** Runs one call with its earlier answers; reports the elicitation it could not answer, if any. */
  run<T>(
    answers: readonly ToolInputAnswer[],
    call: () => Promise<T>,
  ): Promise<{ result: T; pending: PendingElicitation | undefined }> {
    const next = this.#queue.then(async () => {
      const active: ActiveCall = { answers, pending: undefined };
      this.#active = active;
      try {
        const result = await call();
        return { result, pending: active.pending };
      } finally {
        this.#active = undefined;
      }
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** The handler of `elicitation/create` requests. */
  handle(params: ElicitRequest['params']): ElicitResult {
    const active = this.#active;
    if (active === undefined || params.mode === 'url' || !('requestedSchema' in params)) {
      return { action: 'decline' };
    }
    const fields = elicitationForm(params.requestedSchema);
    if (fields === undefined) return { action: 'decline' };
    const answer = answerTo(active.answers, params.message, fields);
    const checked = answer === undefined ? undefined : contentOf(answer, params.requestedSchema);
    if (checked?.ok === true)
      return { action: 'accept', content: checked.content as ElicitResult['content'] };
    if (active.pending === undefined) {
      const note = checked?.ok === false ? `${REFUSED}${checked.problem})` : '';
      active.pending = { fields, message: `${params.message}${note}` };
    }
    return { action: 'cancel' };
  }
}
