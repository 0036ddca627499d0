export {
  type ApprovalOptions,
  type ApprovalPolicy,
  type ApprovalWhenContext,
  approval,
  parseDuration,
} from './approval.js';
export type {
  ApprovalContext,
  ApprovalPage,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalResolutionData,
  ApprovalStatus,
  ApprovalType,
  ApprovalUpdate,
  ApprovalVote,
} from './approval-record.js';
export { argsDigest } from './approval-records.js';
