export { DEFAULT_INJECTION_RULES, DEFAULT_INJECTION_THRESHOLD } from './default-rules.js';
export type { InjectionFamily, InjectionRule } from './injection-rule.js';
export type { DocumentMode, InjectionAssessment, InjectionSignal } from './injection-scorer.js';
export { type ClassifierVerdict, classifyWithModel, DEFAULT_CLASSIFIER_PROMPT } from './model-classifier.js';
export {
  type PromptInjectionClassifierOptions,
  PromptInjectionGuardrail,
  type PromptInjectionGuardrailOptions,
} from './prompt-injection-guardrail.js';
