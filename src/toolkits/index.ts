export {
  UserControlFlowTools,
  type UserControlFlowToolsOptions,
  type UserControlFlowValue,
} from './user-control-flow-tools.js';
export {
  type UserFeedbackAnswer,
  UserFeedbackTools,
  type UserFeedbackToolsOptions,
} from './user-feedback-tools.js';
