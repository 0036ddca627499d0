export { createDemoAgent, DEMO_AGENT_ID } from './demo-agent.js';
export { createDemoModel, DEMO_MODEL_LABEL, demoToolCalls, demoTurn } from './demo-model.js';
export { helpdeskTools, REFUND_APPROVAL_THRESHOLD } from './helpdesk-tools.js';
