export { passesLuhn } from './luhn.js';
export { placeholderFor } from './mask-entities.js';
export { PIIDetectionGuardrail, type PIIDetectionGuardrailOptions } from './pii-detection-guardrail.js';
export type { BuiltInPiiType, PiiEntity } from './pii-entity.js';
