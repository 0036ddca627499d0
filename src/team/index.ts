export { DELEGATION_TOOL_NAME } from './delegation.js';
export { Team, type TeamOptions } from './team.js';
