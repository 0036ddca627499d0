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

/** One field the user fills for a `requiresUserInput` tool. */
export interface UserInputField {
  name: string;
  /** JSON Schema type name of the field (`string`, `number`, `integer`, `boolean`, `array`, `object`). */
  type: string;
  description?: string;
  /** The value once provided; `undefined` while the user has not filled it. */
  value?: unknown;
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
  runId: string;
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
  teamId?: string;
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
  /** The run's trace: its id and the first leg's root span, which continuations join. */
  trace?: { traceId: string; spanId: string };
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds. */
  updatedAt: number;
}
