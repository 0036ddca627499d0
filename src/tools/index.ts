export {
  type AnyTool,
  fieldDescription,
  fieldType,
  type InferToolInput,
  type PauseLane,
  type Tool,
  type ToolExecuteContext,
  type ToolOptions,
  tool,
} from './tool.js';
export {
  createToolSchema,
  formatIssues,
  type InputSchema,
  type ToolSchema,
  type ValidationResult,
} from './tool-schema.js';
export { expandToolEntries, isToolkit, type ToolEntry, type Toolkit } from './toolkit.js';
export { isUserInputRequest, requestUserInput, type UserInputRequest } from './user-input-request.js';
