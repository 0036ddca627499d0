import type { ValidationIssue } from '../errors/validation-error.js';
import type { UserInputField, UserInputOption } from './run-document.js';

const JSON_TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  array: (value) => Array.isArray(value),
  object: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
};

/** The JSON Schema type names a user-input field may have. */
export const USER_INPUT_TYPES: readonly string[] = Object.keys(JSON_TYPE_CHECKS);

function labels(options: readonly UserInputOption[]): string {
  return options.map((option) => JSON.stringify(option.label)).join(', ');
}

/**
 * Why `value` is not an acceptable answer for `field`, or `undefined` when it is. A field with
 * options takes one of their labels (or, with `multiple`, a non-empty list of distinct labels);
 * any other field takes a value of its JSON type. An optional field also takes `null`.
 */
export function userInputValueProblem(field: UserInputField, value: unknown): string | undefined {
  if (value === undefined) return `must be of type ${field.type}`;
  if (value === null && field.optional === true) return undefined;
  const options = field.options;
  if (options !== undefined) {
    const known = new Set(options.map((option) => option.label));
    if (field.multiple === true) {
      if (!Array.isArray(value) || value.length === 0 || value.some((entry) => typeof entry !== 'string')) {
        return `must be a non-empty list of option labels (options: ${labels(options)})`;
      }
      const unknown = value.find((entry) => !known.has(entry));
      if (unknown !== undefined)
        return `has unknown option ${JSON.stringify(unknown)} (options: ${labels(options)})`;
      if (new Set(value).size !== value.length) return 'lists an option twice';
      return undefined;
    }
    if (typeof value !== 'string') return `must be one option label (options: ${labels(options)})`;
    if (!known.has(value)) return `has unknown option ${JSON.stringify(value)} (options: ${labels(options)})`;
    return undefined;
  }
  return (JSON_TYPE_CHECKS[field.type]?.(value) ?? true) ? undefined : `must be of type ${field.type}`;
}

/**
 * Checks the values given for a form against its fields: unknown names, wrong types and choices
 * outside the options are issues, each with the field named. Fields without a value are skipped
 * (partial input is allowed).
 */
export function userInputIssues(
  fields: readonly UserInputField[],
  values: Record<string, unknown>,
  toolName: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(values)) {
    const field = fields.find((candidate) => candidate.name === name);
    const problem = field
      ? userInputValueProblem(field, value)
      : `is not a field of ${toolName} (fields: ${fields.map((entry) => entry.name).join(', ')})`;
    if (problem !== undefined) issues.push({ path: name, message: problem });
  }
  return issues;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The option list of a form field, checked; issues are added under `path`. */
function checkOptions(raw: unknown, path: string, issues: ValidationIssue[]): UserInputOption[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ path, message: 'must be a non-empty list of { label, description? }' });
    return undefined;
  }
  const options: UserInputOption[] = [];
  raw.forEach((entry, index) => {
    const label = isObject(entry) ? entry.label : undefined;
    if (typeof label !== 'string' || label.trim() === '') {
      issues.push({ path: `${path}.${index}.label`, message: 'must be a non-empty string' });
    } else if (options.some((option) => option.label === label)) {
      issues.push({ path: `${path}.${index}.label`, message: `repeats the option ${JSON.stringify(label)}` });
    } else {
      const description = isObject(entry) ? entry.description : undefined;
      options.push(typeof description === 'string' ? { label, description } : { label });
    }
  });
  return options;
}

/**
 * Checks a form built at pause time (a tool's `userInputSchema` hook) and returns a clean copy
 * without values. Names must be unique and non-empty, types JSON Schema type names, and a field
 * with options must be of type `string` (one choice) or `array` (`multiple`). Returns the issues
 * instead when the form is not usable.
 */
export function checkUserInputForm(
  raw: unknown,
): { ok: true; fields: UserInputField[] } | { ok: false; issues: ValidationIssue[] } {
  if (!Array.isArray(raw) || raw.length === 0) {
    return { ok: false, issues: [{ path: '', message: 'the form must have at least one field' }] };
  }
  const issues: ValidationIssue[] = [];
  const fields: UserInputField[] = [];
  raw.forEach((entry, index) => {
    const path = String(index);
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
      issues.push({ path: `${path}.name`, message: 'must be a non-empty string' });
      return;
    }
    const { name } = entry;
    if (fields.some((field) => field.name === name)) {
      issues.push({ path: `${path}.name`, message: `repeats the field name ${JSON.stringify(name)}` });
      return;
    }
    const multiple = entry.multiple === true;
    const expected = entry.options === undefined ? undefined : multiple ? 'array' : 'string';
    const type = entry.type ?? expected;
    if (typeof type !== 'string' || !USER_INPUT_TYPES.includes(type)) {
      issues.push({ path: `${path}.type`, message: `must be one of ${USER_INPUT_TYPES.join(', ')}` });
      return;
    }
    if (expected !== undefined && type !== expected) {
      issues.push({
        path: `${path}.type`,
        message: `must be ${expected} for a field with ${multiple ? 'multiple choices' : 'one choice'}`,
      });
      return;
    }
    const field: UserInputField = { name, type };
    for (const key of ['description', 'question'] as const) {
      if (typeof entry[key] === 'string') field[key] = entry[key];
    }
    if (entry.options !== undefined) {
      const options = checkOptions(entry.options, `${path}.options`, issues);
      if (options === undefined) return;
      field.options = options;
      if (multiple) field.multiple = true;
    }
    if (entry.optional === true) field.optional = true;
    fields.push(field);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, fields };
}

/** The values of a form's fields, by name (fields without a value are left out). */
export function userInputValues(fields: readonly UserInputField[] | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields ?? []) if (field.value !== undefined) values[field.name] = field.value;
  return values;
}
