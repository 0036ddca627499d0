import type { LanguageModelV3 } from '@ai-sdk/provider';
import { Agent } from '../../agent/agent.js';
import type { Store } from '../../db/store.js';
import { createDemoModel } from './demo-model.js';
import { helpdeskTools, REFUND_APPROVAL_THRESHOLD } from './helpdesk-tools.js';

/** The id of the demo helpdesk agent. */
export const DEMO_AGENT_ID = 'helpdesk';

const INSTRUCTIONS =
  'You are the ACME helpdesk agent. Use the tools to help: look customers up, reset passwords, issue ' +
  `refunds (over $${REFUND_APPROVAL_THRESHOLD} a finance approver signs off), open tickets (the user writes the ` +
  'description), and file infrastructure change requests. Answer briefly from the tool results.';

/**
 * The built-in demo helpdesk agent, served when no config file names agents: one tool per tier
 * (a read, a user-confirmed write, a finance-approved refund, a user-input ticket, an externally
 * executed change request). `model` is a `"provider:model"` string or model; without one, the
 * offline demo model answers.
 */
export function createDemoAgent(options: { db: Store; model?: string | LanguageModelV3 | undefined }): Agent {
  return new Agent({
    id: DEMO_AGENT_ID,
    name: 'Helpdesk (demo)',
    description: 'Demo helpdesk agent with one tool per approval tier.',
    model: options.model ?? createDemoModel(),
    instructions: INSTRUCTIONS,
    tools: helpdeskTools(),
    db: options.db,
    tracing: true,
  });
}
