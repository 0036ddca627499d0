export { ADMIN_ROLE, assertMayResolve } from './approval-authority.js';
export {
  APPROVAL_FILTERS,
  type ApprovalCursor,
  type ApprovalFilter,
  type ApprovalQueryBounds,
  activeApprovalFilters,
  compareApprovalsNewestFirst,
  DEFAULT_APPROVALS_LIMIT,
  decodeApprovalCursor,
  encodeApprovalCursor,
  invalidCursor,
  MAX_APPROVALS_LIMIT,
  matchesApprovalQuery,
  resolveApprovalQueryBounds,
} from './approval-query.js';
export {
  type ApprovalResolutionUpdate,
  approvalConflict,
  expiryUpdate,
  isPastExpiry,
  planResolution,
  type ResolutionPlan,
  unixSeconds,
  validateResolution,
} from './approval-resolution.js';
export {
  type AuditQueryBounds,
  DEFAULT_AUDIT_LIMIT,
  MAX_AUDIT_LIMIT,
  resolveAuditQueryBounds,
} from './audit-query.js';
export { chainAuditInputs } from './chain-audit.js';
export { ExpirySchedule, LAZY_EXPIRY_INTERVAL_MS } from './expiry-schedule.js';
export {
  DEFAULT_HOOK_JOBS_LIMIT,
  duplicateHookJobError,
  hookJobsClaimLimit,
  hookJobsListLimit,
  isClaimable,
  MAX_HOOK_JOBS_CLAIM,
  MAX_HOOK_JOBS_LIMIT,
  statusAfterFailure,
} from './hook-job-rules.js';
export {
  DEFAULT_LIST_RUNS_LIMIT,
  type ListRunsBounds,
  MAX_LIST_RUNS_LIMIT,
  resolveListRunsBounds,
} from './list-runs-bounds.js';
export { duplicateApprovalError, prepareNewApprovals } from './new-approvals.js';
export { decodeRunCursor, encodeRunCursor, type RunCursor } from './run-cursor.js';
export { duplicateRunError, missingExecutionError, staleRunError } from './store-errors.js';
export {
  activeTraceFilters,
  compareTracesNewestFirst,
  DEFAULT_TRACES_LIMIT,
  decodeTraceCursor,
  encodeTraceCursor,
  MAX_TRACES_LIMIT,
  pruneCutoff,
  resolveTraceQueryBounds,
  TRACE_FILTERS,
  type TraceCursor,
  type TraceFilter,
  type TraceQueryBounds,
} from './trace-query.js';
export {
  mergeTraceTotals,
  spanTokens,
  type TraceTotals,
  toTraceSummary,
  totalsOf,
  validateSpans,
} from './trace-summaries.js';
