import type { Context } from 'hono';
import type * as z from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';

const WHERE = { body: 'request body', query: 'query parameter', params: 'path parameter' } as const;

/**
 * Validates a value with a zod schema, throwing a `ValidationError` whose issues name each field
 * (`decisions.0.confirm`) and whose message lists them, so a 400 always says what to fix.
 */
export function parseWith<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  where: keyof typeof WHERE,
): z.output<TSchema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const list = issues.map((issue) => `${issue.path === '' ? '(the value)' : issue.path}: ${issue.message}`);
  throw new ValidationError(`Invalid ${WHERE[where]}: ${list.join('; ')}.`, issues);
}

/** The query string as an object, with empty parameters (`?status=`) left out. */
export function queryOf(context: Context): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.req.query())) if (value !== '') query[key] = value;
  return query;
}

function isForm(contentType: string): boolean {
  return (
    contentType.includes('application/x-www-form-urlencoded') || contentType.includes('multipart/form-data')
  );
}

/**
 * The request body: JSON (an empty body reads as `{}`), or form fields where the route accepts
 * them (`stream=true` becomes a boolean). Malformed JSON is a `ValidationError`, never a 500.
 */
export async function readBody(context: Context, acceptsForm: boolean): Promise<unknown> {
  const contentType = context.req.header('content-type') ?? '';
  if (acceptsForm && isForm(contentType)) {
    const form = await context.req.parseBody();
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(form)) {
      if (typeof value !== 'string') continue;
      fields[key] = key === 'stream' ? value === 'true' || value === '1' : value;
    }
    return fields;
  }
  const text = await context.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      `The request body is not valid JSON (${error instanceof Error ? error.message : String(error)}); send a JSON object.`,
      [{ path: '', message: 'is not valid JSON' }],
    );
  }
}
