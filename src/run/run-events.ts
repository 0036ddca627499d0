import type { ApprovalStatus } from '../approvals/approval-record.js';
import type { RequirementData, RunErrorInfo, RunUsage } from './run-document.js';

interface EventBase {
  runId: string;
  /** Unix milliseconds. */
  at: number;
}

/** The run began (first event of `runStream`). */
export interface RunStartedEvent extends EventBase {
  type: 'run-started';
  agentId: string;
  sessionId: string;
  userId?: string;
  input: string;
}
/** The run was claimed and resumes (first event of `continueRunStream`). */
export interface RunContinuedEvent extends EventBase {
  type: 'run-continued';
  agentId: string;
  sessionId: string;
}
/** A piece of the model's answer. */
export interface TextDeltaEvent extends EventBase {
  type: 'text-delta';
  delta: string;
}
/** A tool call is about to execute. */
export interface ToolCallStartedEvent extends EventBase {
  type: 'tool-call-started';
  toolCallId: string;
  toolName: string;
  args: Record<string, unknown>;
}
/** A tool call produced a result (executed, external, or reused from the journal). */
export interface ToolCallCompletedEvent extends EventBase {
  type: 'tool-call-completed';
  toolCallId: string;
  toolName: string;
  result: unknown;
}
/** A tool call failed, was refused, or its arguments were invalid; the model is told. */
export interface ToolCallErrorEvent extends EventBase {
  type: 'tool-call-error';
  toolCallId: string;
  toolName: string;
  error: string;
}
/** The run stopped to wait for the listed requirements; it is stored and can be continued anywhere. */
export interface RunPausedEvent extends EventBase {
  type: 'run-paused';
  requirements: RequirementData[];
  content: string;
}
/** The run finished with an answer. */
export interface RunCompletedEvent extends EventBase {
  type: 'run-completed';
  content: string | undefined;
  usage: RunUsage;
}
/** The run failed; it is stored with status `error`. */
export interface RunErrorEvent extends EventBase {
  type: 'run-error';
  error: RunErrorInfo;
}
/** The run was cancelled. */
export interface RunCancelledEvent extends EventBase {
  type: 'run-cancelled';
}

/** A `required` approval record was written with the paused run; an approver must decide. */
export interface ApprovalRequestedEvent extends EventBase {
  type: 'approval-requested';
  approvalId: string;
  requirementId: string;
  toolName: string;
  toolCallId: string;
  approverRole: string | null;
}
/**
 * An approval record was decided: approved, rejected, cancelled (the user rejected the call or
 * the run was cancelled), or, for a quorum, one approver's vote was counted (`status` stays
 * `pending` until the quorum is reached).
 */
export interface ApprovalResolvedEvent extends EventBase {
  type: 'approval-resolved';
  approvalId: string;
  toolName: string;
  status: ApprovalStatus;
  resolvedBy: string | null;
}
/** An approval record passed its expiry undecided; the call is treated as rejected. */
export interface ApprovalExpiredEvent extends EventBase {
  type: 'approval-expired';
  approvalId: string;
  toolName: string;
  expiresAt: number | null;
}
/** A pre-hook (or input guardrail) is about to look at the run's input. */
export interface PreHookStartedEvent extends EventBase {
  type: 'pre-hook-started';
  hookName: string;
}
/** A pre-hook let the input through, unchanged (`passed`) or rewritten (`modified`, e.g. PII masked). */
export interface PreHookCompletedEvent extends EventBase {
  type: 'pre-hook-completed';
  hookName: string;
  outcome: 'passed' | 'modified';
}
/** A post-hook (or output guardrail) is about to look at the completed run. */
export interface PostHookStartedEvent extends EventBase {
  type: 'post-hook-started';
  hookName: string;
  /** A background hook: its job goes to the durable outbox, and a worker runs it after the reply. */
  background: boolean;
}
/** A post-hook finished (`passed`, `modified`), or its background job was enqueued (`enqueued`). */
export interface PostHookCompletedEvent extends EventBase {
  type: 'post-hook-completed';
  hookName: string;
  outcome: 'passed' | 'modified' | 'enqueued';
}
/** A hook threw or a guardrail blocked; for background hooks, whether the job will be tried again. */
export interface HookFailedEvent extends EventBase {
  type: 'hook-failed';
  hookName: string;
  stage: 'pre' | 'post' | 'background';
  error: RunErrorInfo;
  /** Set when a guardrail blocked (`pii_detected`, `prompt_injection`, ...). */
  checkTrigger?: string;
  /** Background hooks: the attempt that failed, and whether another one is scheduled. */
  attempt?: number;
  willRetry?: boolean;
}

/** Every event a run emits, in streams, hooks, server-sent events and Slack payloads alike. */
export type RunEvent =
  | RunStartedEvent
  | RunContinuedEvent
  | TextDeltaEvent
  | ToolCallStartedEvent
  | ToolCallCompletedEvent
  | ToolCallErrorEvent
  | RunPausedEvent
  | RunCompletedEvent
  | RunErrorEvent
  | RunCancelledEvent
  | ApprovalRequestedEvent
  | ApprovalResolvedEvent
  | ApprovalExpiredEvent
  | PreHookStartedEvent
  | PreHookCompletedEvent
  | PostHookStartedEvent
  | PostHookCompletedEvent
  | HookFailedEvent;

/** The type names of {@link RunEvent}. */
export type RunEventType = RunEvent['type'];

/** Receives events; `undefined` where nobody listens, so the loop builds no event objects. */
export type EventSink = ((event: RunEvent) => void) | undefined;
