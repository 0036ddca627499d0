/** The built-in kinds of personal data the PII guardrail finds. */
export type BuiltInPiiType = 'ssn' | 'credit_card' | 'email' | 'phone';

/** One piece of personal data found in a text: its kind and where it is (UTF-16 offsets, end exclusive). */
export interface PiiEntity {
  /** A built-in kind, or the key of a custom pattern (`employeeId`). */
  type: string;
  start: number;
  end: number;
}
