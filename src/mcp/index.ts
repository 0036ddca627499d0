export { MCPTools, type MCPToolsOptions, type McpToolInfo, mcpTools } from './mcp-tools.js';
