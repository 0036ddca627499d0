import { RequirementStateError } from '../errors/requirement-state-error.js';
import { ValidationError } from '../errors/validation-error.js';
import {
  isUserInputKind,
  type RequirementData,
  type RequirementDecision,
  type RequirementKind,
  type RequirementMember,
  type ToolInputRequest,
  type UserInputField,
} from './run-document.js';
import { userInputIssues } from './user-input-fields.js';

/**
 * One thing a paused run waits for: a confirmation, user input or an external result for one
 * tool call. Decide it with {@link confirm}, {@link reject}, {@link provideUserInput} or
 * {@link setExternalExecutionResult}, then pass the run's requirements to `continueRun`.
 */
export class RunRequirement {
  readonly #data: RequirementData;

  /** Wraps stored requirement data. The data object is mutated by the decision methods. */
  constructor(data: RequirementData) {
    this.#data = data;
  }

  get id(): string {
    return this.#data.id;
  }
  get kind(): RequirementKind {
    return this.#data.kind;
  }
  get toolName(): string {
    return this.#data.toolName;
  }
  /** The arguments the model chose (user-input fields excluded). */
  get toolArgs(): Record<string, unknown> {
    return this.#data.toolArgs;
  }
  get toolCallId(): string {
    return this.#data.toolCallId;
  }
  get approvalId(): string | undefined {
    return this.#data.approvalId;
  }
  get approvalType(): 'required' | 'audit' | undefined {
    return this.#data.approvalType;
  }
  /** Unix seconds. */
  get createdAt(): number {
    return this.#data.createdAt;
  }
  get member(): RequirementMember | undefined {
    return this.#data.member;
  }
  /** The fields the user fills, with the values provided so far. */
  get userInputSchema(): UserInputField[] | undefined {
    return this.#data.userInputSchema;
  }
  /** Set when the tool asked for this input while it ran (an MCP elicitation), with its message. */
  get inputRequest(): ToolInputRequest | undefined {
    return this.#data.inputRequest;
  }
  /** The recorded decision, once there is one. */
  get decision(): RequirementDecision | undefined {
    return this.#data.decision;
  }

  /** True while this is a confirmation nobody has decided yet. */
  get needsConfirmation(): boolean {
    return this.#data.kind === 'confirmation' && this.#data.decision === undefined;
  }
  /** True while user input (or feedback) is still missing. */
  get needsUserInput(): boolean {
    return isUserInputKind(this.#data.kind) && !this.isResolved;
  }
  /** True while an outside system's result is still missing. */
  get needsExternalExecution(): boolean {
    return this.#data.kind === 'external_execution' && this.#data.decision === undefined;
  }
  /** Whether a decision (or all user input) has been recorded. */
  get isResolved(): boolean {
    const { decision, kind, userInputSchema } = this.#data;
    if (decision !== undefined) return true;
    if (isUserInputKind(kind)) {
      return (userInputSchema ?? []).every((field) => field.value !== undefined);
    }
    return false;
  }
  /** `true` when confirmed or completed, `false` when rejected, `undefined` while undecided. */
  get isConfirmed(): boolean | undefined {
    if (this.#data.decision) return this.#data.decision.confirmed;
    return this.isResolved ? true : undefined;
  }

  /**
   * Approves the call. A confirmer may replace the model's arguments with `editedArgs`; they are
   * validated against the tool's schema when the run continues.
   */
  confirm(options: { editedArgs?: Record<string, unknown>; decidedBy?: string } = {}): this {
    this.#assertLane('confirm', ['confirmation']);
    this.#assertUndecided();
    this.#data.decision = { confirmed: true, decidedAt: nowSeconds(), ...definedOnly(options) };
    return this;
  }

  /** Refuses the call. The model receives the reason as the tool's result and the run goes on. */
  reject(reason?: string, options: { decidedBy?: string } = {}): this {
    this.#assertUndecided();
    if (reason !== undefined && typeof reason !== 'string') {
      throw new ValidationError('reject(reason): the reason must be a string.', [
        { path: 'reason', message: 'must be a string' },
      ]);
    }
    this.#data.decision = {
      confirmed: false,
      decidedAt: nowSeconds(),
      ...definedOnly({ reason, ...options }),
    };
    return this;
  }

  /**
   * Fills user-input fields. Partial input is allowed: the requirement resolves once every field
   * has a value. Unknown fields, wrong types and choices outside a field's options (one label, or
   * a non-empty list of labels for a multiple choice) are refused with the field named; an
   * optional field takes `null` for "left empty".
   */
  provideUserInput(values: Record<string, unknown>): this {
    this.#assertLane('provideUserInput', ['user_input', 'user_feedback']);
    this.#assertUndecided();
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new ValidationError('provideUserInput(values): pass an object of field names to values.');
    }
    const fields = this.#data.userInputSchema ?? [];
    const issues = userInputIssues(fields, values, this.toolName);
    if (issues.length > 0) {
      throw new ValidationError(
        `Invalid user input for ${this.toolName}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`,
        issues,
      );
    }
    for (const field of fields) {
      if (Object.hasOwn(values, field.name)) field.value = values[field.name];
    }
    return this;
  }

  /** Records what the outside system returned for an external execution. */
  setExternalExecutionResult(value: unknown, options: { isError?: boolean; decidedBy?: string } = {}): this {
    this.#assertLane('setExternalExecutionResult', ['external_execution']);
    this.#assertUndecided();
    if (value === undefined) {
      throw new ValidationError(
        'setExternalExecutionResult(value): the result must not be undefined (use null for "no result").',
      );
    }
    this.#data.decision = {
      confirmed: true,
      result: value,
      decidedAt: nowSeconds(),
      ...definedOnly({ isError: options.isError, decidedBy: options.decidedBy }),
    };
    return this;
  }

  /** The plain data of this requirement, as stored in the run document. */
  toJSON(): RequirementData {
    return this.#data;
  }

  #assertLane(method: string, lanes: RequirementKind[]): void {
    if (!lanes.includes(this.#data.kind)) {
      throw new RequirementStateError(
        this.id,
        `${method}() does not apply to requirement ${this.id}: it is a '${this.#data.kind}' requirement for ${this.toolName}. ` +
          `Use ${laneMethod(this.#data.kind)} instead.`,
      );
    }
  }

  #assertUndecided(): void {
    if (this.#data.decision !== undefined) {
      throw new RequirementStateError(
        this.id,
        `Requirement ${this.id} (${this.toolName}) was already decided (${this.#data.decision.confirmed ? 'confirmed' : 'rejected'}); a decision cannot be changed.`,
      );
    }
    if (isUserInputKind(this.#data.kind) && this.isResolved) {
      throw new RequirementStateError(
        this.id,
        `Requirement ${this.id} (${this.toolName}) already has all its user input.`,
      );
    }
  }
}

function laneMethod(kind: RequirementKind): string {
  if (kind === 'confirmation') return 'confirm() or reject()';
  if (kind === 'external_execution') return 'setExternalExecutionResult()';
  return 'provideUserInput()';
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  const result: Partial<T> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) (result as Record<string, unknown>)[key] = entry;
  }
  return result;
}
