import type { UserInputField } from '../../run/run-document.js';
import { inputFieldName } from '../components/input-fields.js';
import type { FormFields } from './form-action.js';

function typed(field: UserInputField, text: string): unknown {
  if (field.type === 'number' || field.type === 'integer') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  if (field.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (field.type === 'object' || field.type === 'array') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The user-input values a form carries, typed by the fields' JSON Schema types (numbers, yes/no,
 * JSON for objects and arrays). Empty fields are left out, so partial input stays partial; a value
 * that does not parse is passed on as text for the tool's schema to refuse with the field named.
 */
export function readUserInput(form: FormFields, fields: readonly UserInputField[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const text = form[inputFieldName(field.name)];
    if (text === undefined || text.trim() === '') continue;
    values[field.name] = typed(field, text);
  }
  return values;
}

/** A form field's text, trimmed; `undefined` when absent or blank. */
export function optionalText(form: FormFields, name: string): string | undefined {
  const text = form[name]?.trim();
  return text === undefined || text === '' ? undefined : text;
}
