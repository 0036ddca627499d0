export type { ModelSettings } from './model-call.js';
export type { ContinueRunOptions } from './resume.js';
export type {
  HookDecision,
  RequirementData,
  RequirementDecision,
  RequirementKind,
  RequirementMember,
  RunDocument,
  RunErrorInfo,
  RunStatus,
  RunUsage,
  ToolCallRecord,
  ToolInputAnswer,
  ToolInputRequest,
  UserInputField,
  UserInputOption,
} from './run-document.js';
export { RUN_DOCUMENT_VERSION } from './run-document.js';
export { upgradeRunDocument } from './run-document-upgrade.js';
export type {
  ApprovalExpiredEvent,
  ApprovalRequestedEvent,
  ApprovalResolvedEvent,
  HookFailedEvent,
  PostHookCompletedEvent,
  PostHookStartedEvent,
  PreHookCompletedEvent,
  PreHookStartedEvent,
  RunCancelledEvent,
  RunCompletedEvent,
  RunContinuedEvent,
  RunErrorEvent,
  RunEvent,
  RunEventType,
  RunPausedEvent,
  RunStartedEvent,
  TextDeltaEvent,
  ToolCallCompletedEvent,
  ToolCallErrorEvent,
  ToolCallStartedEvent,
} from './run-events.js';
export { RunOutput } from './run-output.js';
export { RunRequirement } from './run-requirement.js';
export { RunStream } from './run-stream.js';
