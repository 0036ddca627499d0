import type { LanguageModelV3Message, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';

/** The schema version of {@link RunDocument}. Bump it with a migration in `run-document-migrations.ts`. */
export const RUN_DOCUMENT_VERSION = 1;

/** Where a run is in its life. */
export type RunStatus = 'running' | 'paused' | 'completed' | 'error' | 'cancelled';

/** Which pause lane a requirement belongs to. */
export type RequirementKind = 'confirmation' | 'user_input' | 'user_feedback' | 'external_execution';

/** Whether requirements of this kind are resolved by filling user-input fields. */
export function isUserInputKind(kind: RequirementKind): boolean {
  return kind === 'user_input' || kind === 'user_feedback';
}

/**
 * A private copy of a run document. A document is JSON by construction (it is stored as JSON), so
 * a JSON round trip copies it whole, and faster than `structuredClone`.
 */
export function copyRunDocument(document: RunDocument): RunDocument {
  return JSON.parse(JSON.stringify(document)) as RunDocument;
}

/** One choice of a {@link UserInputField} with options. */
export interface UserInputOption {
  /** What the user picks; the answer is this label. */
  label: string;
  description?: string;
}

/** One field the user fills for a `requiresUserInput` tool. */
export interface UserInputField {
  name: string;
  /** JSON Schema type name of the field (`string`, `number`, `integer`, `boolean`, `array`, `object`). */
  type: string;
  description?: string;
  /** The question put to the user, when the field answers one (user feedback). */
  question?: string;
  /**
   * The choices, when the answer must be one of them: one label (type `string`), or with
   * `multiple` a non-empty list of distinct labels (type `array`).
   */
  options?: UserInputOption[];
  /** Whether several options may be picked. */
  multiple?: boolean;
  /** The user may leave the field empty by answering `null`. */
  optional?: boolean;
  /** The value once provided; `undefined` while the user has not filled it. */
  value?: unknown;
}

/** One answer to a tool's own request for input: the values, and what the tool had asked. */
export interface ToolInputAnswer {
  message?: string;
  values: Record<string, unknown>;
}

/**
 * Set on a requirement the tool itself raised while it ran (an MCP server's elicitation): the
 * call is issued again as attempt `attempt`, and the tool receives every answer given for this
 * call so far in `context.userInput` instead of in its arguments.
 */
export interface ToolInputRequest {
  /** 1 for the first repeat of the call, then 2, ... */
  attempt: number;
  /** What the tool said it needs, for the user. */
  message?: string;
  /** The answers to the earlier requests of this call, oldest first. */
  answered: ToolInputAnswer[];
}

/** The decision recorded on a requirement once somebody resolved it. */
export interface RequirementDecision {
  /** `true` confirmed, `false` rejected. User input and external results count as confirmed. */
  confirmed: boolean;
  reason?: string;
  /** Arguments a confirmer replaced the model's with (validated against the tool's schema). */
  editedArgs?: Record<string, unknown>;
  /** The result an outside system reported for an external execution. */
  result?: unknown;
  isError?: boolean;
  /** Who decided, when known. */
  decidedBy?: string;
  /** Whose decision this is: the user's (default), an approver's record, or the record's expiry. */
  source?: 'user' | 'approver' | 'expired';
  /** Unix seconds. */
  decidedAt?: number;
}

/** The member of a team that paused, when a requirement comes from one. */
export interface RequirementMember {
  agentId: string;
  agentName?: string;
  /** The member's own run, which holds the paused call and its approval records. */
  runId: string;
  /** The team's delegation call that started the member's run; the member's answer becomes its result. */
  parentToolCallId: string;
}

/** A requirement as it is stored in the run document. */
export interface RequirementData {
  id: string;
  kind: RequirementKind;
  toolName: string;
  toolArgs: Record<string, unknown>;
  toolCallId: string;
  /** Unix seconds. */
  createdAt: number;
  /** Present for user-input and user-feedback requirements. */
  userInputSchema?: UserInputField[];
  /** Present when the tool asked for the input while it ran. */
  inputRequest?: ToolInputRequest;
  approvalId?: string;
  approvalType?: 'required' | 'audit';
  member?: RequirementMember;
  decision?: RequirementDecision;
}

/** Token usage summed over a run's model calls. */
export interface RunUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** A tool call that has a result, as reported on {@link RunOutput.toolCalls}. */
export interface ToolCallRecord {
  toolCallId: string;
  toolName: string;
  args: Record<string, unknown>;
  /** The value returned by `execute`, the outside system's result, or the error text. */
  result: unknown;
  isError: boolean;
  /** `executed` ran here; `rejected`/`expired` never ran; `external` came from outside; `invalid` failed validation. */
  outcome: 'executed' | 'rejected' | 'external' | 'invalid' | 'failed' | 'in_doubt';
}

/** A hook or guardrail decision that stopped or changed a run, kept with the run (its trace). */
export interface HookDecision {
  hookName: string;
  /** `pre` (input), `post` (output), `continue` (the new input of a continued run). */
  stage: 'pre' | 'post' | 'continue';
  /** `modified`: the text was rewritten (e.g. PII masked); `blocked`: a guardrail stopped the run; `failed`: the hook threw. */
  outcome: 'modified' | 'blocked' | 'failed';
  checkTrigger?: string;
  /** What the guardrail reported (kinds, counts, scores), never the refused content. */
  additionalData?: Record<string, unknown>;
  /** Unix milliseconds. */
  at: number;
}

/** An error that ended a run, as stored. */
export interface RunErrorInfo {
  type: string;
  message: string;
}

/**
 * The persisted state of one run: a versioned JSON document. It holds everything needed to
 * resume in another process: the model-facing messages, the step counter, usage, the open
 * requirements and the results already computed for the paused step.
 */
export interface RunDocument {
  /** Schema version of this document ({@link RUN_DOCUMENT_VERSION}). */
  v: number;
  runId: string;
  agentId: string;
  /** The team of a team run (then `agentId` is the team's id too) or of a member's run. */
  teamId?: string;
  /** For a member's run: the team run that delegated to it, and the delegation call. */
  parentRunId?: string;
  parentToolCallId?: string;
  sessionId: string;
  userId?: string;
  status: RunStatus;
  /** The user's message that started the run. */
  input: string;
  /** Model-facing conversation without the system prompt (the agent supplies it on each call). */
  messages: LanguageModelV3Message[];
  /** Model calls made so far. */
  step: number;
  usage: RunUsage;
  /** Requirements of the paused step (empty when the run is not paused). */
  requirements: RequirementData[];
  /** Tool results of the paused step that were computed before the pause (ungated calls). */
  pendingResults: LanguageModelV3ToolResultPart[];
  toolCalls: ToolCallRecord[];
  /** Final text, or on pause the sentence that tells the user what is needed. */
  content?: string;
  error?: RunErrorInfo;
  /** Free-form metadata passed to `run()`. */
  metadata?: Record<string, unknown>;
  /** Guardrail and hook decisions that stopped or changed the run, in order. */
  hookDecisions?: HookDecision[];
  /** The run's trace: its id and the first leg's root span, which continuations join. */
  trace?: { traceId: string; spanId: string };
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds. */
  updatedAt: number;
}
