export {
  ModerationGuardrail,
  type ModerationGuardrailOptions,
  OpenAIModerationGuardrail,
} from './moderation-guardrail.js';
export { flaggedCategories, type ModerationFunction, type ModerationResult } from './moderation-result.js';
export { type OpenAIModerationOptions, openAIModeration } from './openai-moderation.js';
