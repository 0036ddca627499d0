/**
 * Countersign: agents whose risky actions wait for a human. The root entry holds the
 * provider-neutral core; stores, the server, Slack and test helpers are subpaths.
 */
export * from './agent/index.js';
export * from './approvals/index.js';
export * from './audit/index.js';
export { InMemoryDb } from './db/memory/index.js';
export type {
  ClaimHookJobsOptions,
  FailHookJobOptions,
  HookJob,
  HookJobQuery,
  HookJobStatus,
  ListRunsQuery,
  NewHookJob,
  NotificationListener,
  RunPage,
  SaveRunOptions,
  Store,
  StoredRun,
  StoreNotifications,
  ToolExecution,
} from './db/store.js';
export * from './errors/index.js';
export * from './hooks/index.js';
export * from './models/index.js';
export * from './run/index.js';
export * from './team/index.js';
export {
  type AnyTool,
  type InferToolInput,
  requestUserInput,
  type Tool,
  type ToolEntry,
  type ToolExecuteContext,
  type Toolkit,
  type ToolOptions,
  tool,
  type UserInputRequest,
} from './tools/index.js';
export {
  type PruneTracesOptions,
  SPAN_ATTRIBUTES,
  type SpanAttributeValue,
  type SpanRecord,
  type SpanRecordKind,
  type SpanRecordStatus,
  TRACER_NAME,
  type TraceDetail,
  type TracePage,
  type TraceQuery,
  type TraceSummary,
  type TracingOptions,
} from './tracing/index.js';
