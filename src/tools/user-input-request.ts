import { ConfigurationError } from '../errors/configuration-error.js';
import type { UserInputField } from '../run/run-document.js';
import { checkUserInputForm } from '../run/user-input-fields.js';
import { formatIssues } from './tool-schema.js';

const BRAND: unique symbol = Symbol.for('countersign.userInputRequest');

/** What a tool's `execute` returns to pause its own call until the user supplied some values. */
export interface UserInputRequest {
  readonly [BRAND]: true;
  /** The fields the user fills. */
  readonly fields: UserInputField[];
  /** What the tool needs them for, shown to the user. */
  readonly message: string | undefined;
}

/**
 * Pauses the running call until the user supplied the given fields: `execute` returns this value
 * instead of a result. The run pauses with a `user_input` requirement on the call; once it is
 * answered and the run continued, the call is issued again (a new journal attempt) with every
 * answer so far in `context.userInput`. A rejected requirement is not issued again.
 *
 * @example
 * execute: async (args, context) => {
 *   const answer = context.userInput?.[0];
 *   if (answer === undefined) return requestUserInput({ fields: [{ name: 'pin', type: 'string' }] });
 *   return unlock(args.door, answer.values.pin);
 * }
 */
export function requestUserInput(request: { fields: UserInputField[]; message?: string }): UserInputRequest {
  const checked = checkUserInputForm(request?.fields);
  if (!checked.ok) {
    throw new ConfigurationError(
      `requestUserInput: the form is not usable: ${formatIssues(checked.issues)}.`,
    );
  }
  return Object.freeze({ [BRAND]: true as const, fields: checked.fields, message: request.message });
}

/** Whether a tool's return value asks for user input (see {@link requestUserInput}). */
export function isUserInputRequest(value: unknown): value is UserInputRequest {
  return typeof value === 'object' && value !== null && (value as Partial<UserInputRequest>)[BRAND] === true;
}
