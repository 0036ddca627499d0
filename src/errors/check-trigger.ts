/**
 * Why a guardrail stopped a run: the kind of check that fired. The values are the contract's
 * (`shared/docs/api.md`, "Hooks and guardrails") and match Agno's `CheckTrigger` names.
 */
export type CheckTrigger =
  | 'pii_detected'
  | 'prompt_injection'
  | 'input_not_allowed'
  | 'output_not_allowed'
  | 'off_topic'
  | 'validation_failed';
