/**
 * countersign/guardrails: checks that run inline as pre-hooks (input) and post-hooks (output),
 * without a human: personal data, prompt injection, moderation.
 */

export type { CheckTrigger } from '../errors/check-trigger.js';
export { InputCheckError } from '../errors/input-check-error.js';
export { OutputCheckError } from '../errors/output-check-error.js';
export {
  BaseGuardrail,
  type GuardrailContext,
  type GuardrailResult,
  type GuardrailStage,
  type GuardrailVerdict,
  isGuardrail,
} from './base-guardrail.js';
export * from './moderation/index.js';
export * from './pii/index.js';
export * from './prompt-injection/index.js';
