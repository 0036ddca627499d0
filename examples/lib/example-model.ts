import type { ModelReference } from 'countersign';
import { type Script, ScriptedModel, type ScriptedTurnContext } from 'countersign/testing';

/**
 * True when the examples run on their scripted model (the default). Set `COUNTERSIGN_MODEL`
 * (e.g. `openai:gpt-4o-mini`, with the provider package installed) to run them on a real model
 * instead; then only what does not depend on the model's wording is asserted.
 */
export const offline = !process.env.COUNTERSIGN_MODEL;

/** The model of an example: its script played by `ScriptedModel`, or `COUNTERSIGN_MODEL` when set. */
export function exampleModel(script: Script): ModelReference {
  return process.env.COUNTERSIGN_MODEL || new ScriptedModel(script);
}

/** The text of the user's message in a scripted turn's prompt (the run's input). */
export function userMessage(context: ScriptedTurnContext): string {
  for (const message of context.prompt) {
    if (message.role !== 'user') continue;
    return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  }
  return '';
}
