import { html } from 'hono/html';
import type { UserInputField } from '../../run/run-document.js';
import type { Markup } from './markup.js';

/** The form-field name of a user-input field. */
export function inputFieldName(name: string): string {
  return `input.${name}`;
}

function control(field: UserInputField, required: boolean): Markup {
  const name = inputFieldName(field.name);
  const value =
    field.value === undefined
      ? ''
      : typeof field.value === 'string'
        ? field.value
        : JSON.stringify(field.value);
  if (field.type === 'boolean') {
    return html`<select name="${name}" ${required ? 'required' : ''}>
      <option value="">—</option><option value="true" ${field.value === true ? 'selected' : ''}>yes</option><option value="false" ${field.value === false ? 'selected' : ''}>no</option>
    </select>`;
  }
  if (field.type === 'number' || field.type === 'integer') {
    return html`<input type="number" ${field.type === 'number' ? html`step="any"` : ''} name="${name}" value="${value}" ${required ? 'required' : ''}>`;
  }
  if (field.type === 'object' || field.type === 'array') {
    return html`<textarea name="${name}" placeholder="JSON" ${required ? 'required' : ''}>${value}</textarea>`;
  }
  return html`<input name="${name}" value="${value}" ${required ? 'required' : ''} autocomplete="off">`;
}

/**
 * Inputs for the fields of a user-input requirement, typed from their JSON Schema types (text,
 * number, yes/no, JSON for objects and arrays). Each label names the field and its description.
 */
export function userInputFields(fields: readonly UserInputField[], required: boolean): Markup {
  return html`${fields.map(
    (
      field,
    ) => html`<label>${field.name}${field.description ? html` <span class="small">— ${field.description}</span>` : ''}
      ${control(field, required)}</label>`,
  )}`;
}
