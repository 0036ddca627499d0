export { Agent, type AgentOptions, type RunOptions } from './agent.js';
