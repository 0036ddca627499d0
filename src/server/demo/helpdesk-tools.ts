import { createHash } from 'node:crypto';
import * as z from 'zod';
import { approval } from '../../approvals/approval.js';
import { type AnyTool, tool } from '../../tools/tool.js';

/** Refunds above this amount need a finance approver; smaller ones run at once. */
export const REFUND_APPROVAL_THRESHOLD = 100;

const CUSTOMERS: Record<string, { name: string; plan: string; balance: number; openTickets: number }> = {
  'ACME-123': { name: 'Acme Corp', plan: 'business', balance: 1200, openTickets: 1 },
  'GLOBEX-7': { name: 'Globex', plan: 'enterprise', balance: 56_000, openTickets: 4 },
  'INITECH-42': { name: 'Initech', plan: 'starter', balance: 0, openTickets: 0 },
};

/** A short stable id from a call's idempotency key, so a retried call reports the same id. */
function shortId(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 8).toUpperCase()}`;
}

/** Tier 0, no approval: reads run at once. */
const lookupCustomer = tool({
  name: 'lookup_customer',
  description: 'Look up a customer account by id (e.g. ACME-123): name, plan, balance, open tickets.',
  inputSchema: z.object({ customerId: z.string().describe('Customer id such as ACME-123') }),
  execute: ({ customerId }) => {
    const customer = CUSTOMERS[customerId.toUpperCase()];
    if (!customer)
      throw new Error(`No customer has the id ${customerId}. Known: ${Object.keys(CUSTOMERS).join(', ')}.`);
    return { customerId: customerId.toUpperCase(), ...customer };
  },
});

/** Tier 1, user approval: the person asking confirms the concrete call. */
const resetPassword = tool({
  name: 'reset_password',
  description: "Send a password reset link to a user's email address.",
  inputSchema: z.object({ email: z.string().describe('The account email') }),
  requiresConfirmation: true,
  execute: ({ email }) => `A password reset link was sent to ${email}.`,
});

/** Tier 2, admin approval: refunds above the threshold wait for someone with the finance role. */
const issueRefund = approval(
  { approverRole: 'finance', expiresIn: '24h', when: (args) => args.amount > REFUND_APPROVAL_THRESHOLD },
  tool({
    name: 'issue_refund',
    description: `Refund a customer. Refunds over $${REFUND_APPROVAL_THRESHOLD} need a finance approver.`,
    inputSchema: z.object({
      customerId: z.string(),
      amount: z.number().positive().describe('Amount in US dollars'),
      reason: z.string().optional(),
    }),
    execute: ({ customerId, amount }, context) => ({
      refundId: shortId('RF', context.idempotencyKey),
      customerId,
      amount,
      status: 'issued',
    }),
  }),
);

/** Tier 1, user input: the model names the subject, the user writes the description and picks a priority. */
const createTicket = tool({
  name: 'create_ticket',
  description: 'Open a support ticket. The user supplies the description and the priority.',
  inputSchema: z.object({
    subject: z.string(),
    description: z.string().describe('What happened, in the user’s words'),
    priority: z.enum(['low', 'normal', 'high']),
  }),
  userInputFields: ['description', 'priority'],
  execute: ({ subject, priority }, context) => ({
    ticketId: shortId('TCK', context.idempotencyKey),
    subject,
    priority,
    status: 'open',
  }),
});

/** External execution: the change-advisory system carries the change out and reports the result. */
const submitChangeRequest = tool({
  name: 'submit_change_request',
  description: 'File an infrastructure change request; the change system executes it and reports back.',
  inputSchema: z.object({ system: z.string(), change: z.string() }),
  externalExecution: true,
});

/** The demo helpdesk's tools, one per tier: a read, a confirmed write, an approved refund, a ticket, a change. */
export function helpdeskTools(): AnyTool[] {
  return [lookupCustomer, resetPassword, issueRefund, createTicket, submitChangeRequest];
}
