import type { UserInputField } from '../run/run-document.js';
import { decodeRef, escapeText, type PromptRef } from './blocks.js';

/** `callback_id` of the modal asking why a call is rejected. */
export const VIEW_REJECT = 'countersign_reject_reason';
/** `callback_id` of the modal with a tool's user-input fields. */
export const VIEW_USER_INPUT = 'countersign_user_input';
/** The block of the reason input of the reject modal. */
export const REASON_BLOCK = 'reason';

/** What a modal remembers between opening and submission (its `private_metadata`). */
export interface ModalMetadata {
  ref: PromptRef;
  /** Where the prompt was, for notices after the modal closed. */
  channel?: string | undefined;
  threadTs?: string | undefined;
}

/** Reads the private metadata of a modal made here; `null` for anything else. */
export function readModalMetadata(raw: unknown): ModalMetadata | null {
  if (typeof raw !== 'string') return null;
  let parsed: { ref?: unknown; channel?: unknown; threadTs?: unknown };
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    return null;
  }
  const ref = decodeRef(JSON.stringify(parsed?.ref ?? null));
  if (ref === null) return null;
  return {
    ref,
    ...(typeof parsed.channel === 'string' ? { channel: parsed.channel } : {}),
    ...(typeof parsed.threadTs === 'string' ? { threadTs: parsed.threadTs } : {}),
  };
}

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text: text.length <= 24 ? text : `${text.slice(0, 23)}…` };
}

function metadata(meta: ModalMetadata): string {
  return JSON.stringify(meta);
}

function hintOf(field: UserInputField): string | undefined {
  const structured = field.type === 'array' || field.type === 'object';
  if (!structured) return field.description;
  return `JSON ${field.type}${field.description ? `: ${field.description}` : ''}`;
}

/** The modal asking why the call is rejected; the reason reaches the agent's model. */
export function rejectReasonView(toolName: string, meta: ModalMetadata): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: VIEW_REJECT,
    title: plain('Reject'),
    submit: plain('Reject'),
    close: plain('Cancel'),
    private_metadata: metadata(meta),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Reject \`${escapeText(toolName)}\`? The agent is told your reason.`,
        },
      },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2_000 },
      },
    ],
  };
}

/** The block id of a user-input field. */
export function fieldBlockId(name: string): string {
  return `field:${name}`;
}

function fieldElement(
  field: UserInputField,
  choices: readonly string[] | undefined,
): Record<string, unknown> {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  if (choices !== undefined && choices.length > 0 && choices.length <= 100) {
    return {
      type: 'static_select',
      action_id: 'value',
      options: choices.map(option),
      ...(typeof field.value === 'string' && choices.includes(field.value)
        ? { initial_option: option(field.value) }
        : {}),
    };
  }
  if (field.type === 'boolean') {
    return {
      type: 'static_select',
      action_id: 'value',
      options: [option('true'), option('false')],
      ...(typeof field.value === 'boolean' ? { initial_option: option(String(field.value)) } : {}),
    };
  }
  if (field.type === 'number' || field.type === 'integer') {
    return {
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: field.type === 'number',
      ...(typeof field.value === 'number' ? { initial_value: String(field.value) } : {}),
    };
  }
  const structured = field.type === 'array' || field.type === 'object';
  const initial =
    field.value === undefined ? undefined : structured ? JSON.stringify(field.value) : String(field.value);
  return {
    type: 'plain_text_input',
    action_id: 'value',
    multiline: true,
    ...(initial === undefined ? {} : { initial_value: initial }),
  };
}

/**
 * The modal with a tool's user-input fields: a select for enumerations and booleans, a number
 * input for numbers, text (JSON for arrays and objects) otherwise; values already provided are
 * filled in.
 */
export function userInputView(
  toolName: string,
  fields: readonly UserInputField[],
  choices: Readonly<Record<string, readonly string[]>>,
  meta: ModalMetadata,
): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: VIEW_USER_INPUT,
    title: plain('Your input'),
    submit: plain('Submit'),
    close: plain('Cancel'),
    private_metadata: metadata(meta),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `\`${escapeText(toolName)}\` needs these fields.` },
      },
      ...fields.map((field) => {
        const hint = hintOf(field);
        return {
          type: 'input',
          block_id: fieldBlockId(field.name),
          label: { type: 'plain_text', text: field.name.slice(0, 2_000) },
          ...(hint ? { hint: { type: 'plain_text', text: hint.slice(0, 2_000) } } : {}),
          element: fieldElement(field, choices[field.name]),
        };
      }),
    ],
  };
}

/** The submitted state of a modal: `values[blockId][actionId]`. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

function submitted(state: ViewStateValues, blockId: string): string | undefined {
  const element = state[blockId]?.value;
  if (element === undefined) return undefined;
  const selected = element.selected_option as { value?: unknown } | null | undefined;
  if (selected && typeof selected.value === 'string') return selected.value;
  return typeof element.value === 'string' ? element.value : undefined;
}

/** The reason typed into the reject modal (trimmed; empty when none). */
export function readReason(state: ViewStateValues): string {
  return (submitted(state, REASON_BLOCK) ?? '').trim();
}

/**
 * Turns the submitted fields into typed values. Returns the values, and per field block an error
 * message Slack shows under the field (`response_action: 'errors'`).
 */
export function readUserInput(
  state: ViewStateValues,
  fields: readonly UserInputField[],
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const blockId = fieldBlockId(field.name);
    const raw = submitted(state, blockId);
    if (raw === undefined || raw === '') continue;
    if (field.type === 'number' || field.type === 'integer') {
      const number = Number(raw);
      if (!Number.isFinite(number) || (field.type === 'integer' && !Number.isInteger(number))) {
        errors[blockId] = `Enter ${field.type === 'integer' ? 'a whole number' : 'a number'}.`;
      } else values[field.name] = number;
    } else if (field.type === 'boolean') {
      values[field.name] = raw === 'true';
    } else if (field.type === 'array' || field.type === 'object') {
      try {
        values[field.name] = JSON.parse(raw);
      } catch {
        errors[blockId] = `Enter a JSON ${field.type}.`;
      }
    } else {
      values[field.name] = raw;
    }
  }
  return { values, errors };
}
