// The Approvals demo (seed: "Worked examples": the approval decorator with the audit trail).
//
// A finance agent whose tools carry different approval policies:
//   - issue_refund: refunds over $1,000 need a finance approver (`when`), who may edit the amount;
//   - grant_admin_access: two distinct security approvers (`quorum: 2`);
//   - delete_customer: a privacy approver within an hour (`expiresIn: '1h'`), or it expires;
//   - export_customer_data: tracked, never gated (`type: 'audit'`).
// Every request, decision, vote, expiry and execution is an entry of the hash-chained audit log;
// at the end the chain is verified in the db and on an exported JSON Lines copy, and a copy with
// one entry altered is caught.
//
// Look for: the small refund running with no record, the approver's edit executed (both argument
// versions audited), a single vote not enough, the expired call never running, and the chain
// verification naming the altered entry.
import assert from 'node:assert/strict';
import {
  Agent,
  ApprovalPendingError,
  type AuditEntry,
  approval,
  exportAuditJsonl,
  tool,
  verifyAuditChain,
} from 'countersign';
import * as z from 'zod';
import { exampleModel, userMessage } from './lib/example-model.js';
import { printAuditTrail, printRecord, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const executed: string[] = [];
const issueRefund = approval(
  { approverRole: 'finance', expiresIn: '24h', when: (args) => args.amount > 1000 },
  tool({
    name: 'issue_refund',
    inputSchema: z.object({ customerId: z.string(), amount: z.number().positive() }),
    execute: ({ customerId, amount }) => {
      executed.push(`refund ${customerId} $${amount}`);
      return `Refunded $${amount} to ${customerId}`;
    },
  }),
);
const grantAdminAccess = approval(
  { approverRole: 'security', quorum: 2 },
  tool({
    name: 'grant_admin_access',
    inputSchema: z.object({ userId: z.string() }),
    execute: ({ userId }) => {
      executed.push(`grant ${userId}`);
      return `${userId} is now an admin`;
    },
  }),
);
const deleteCustomer = approval(
  { approverRole: 'privacy', expiresIn: '1h' },
  tool({
    name: 'delete_customer',
    inputSchema: z.object({ customerId: z.string() }),
    execute: ({ customerId }) => {
      executed.push(`delete ${customerId}`);
      return `${customerId} deleted`;
    },
  }),
);
const exportCustomerData = approval(
  { type: 'audit' },
  tool({
    name: 'export_customer_data',
    inputSchema: z.object({ customerId: z.string() }),
    execute: ({ customerId }) => {
      executed.push(`export ${customerId}`);
      return { customerId, rows: 42 };
    },
  }),
);

/** Offline: "refund $N to X", "make X an admin", "delete customer X", "export X". */
const model = exampleModel((context) => {
  if (context.step > 0) return { text: context.lastToolResults.map((result) => result.text).join('; ') };
  const message = userMessage(context);
  const id = /\b([A-Z]+-\d+|[a-z]+)$/.exec(message.replace(/[.!]$/, ''))?.[1] ?? 'unknown';
  if (message.startsWith('Refund')) {
    const amount = Number(/\$(\d+)/.exec(message)?.[1]);
    return { toolCalls: [{ toolName: 'issue_refund', args: { customerId: id, amount } }] };
  }
  if (message.startsWith('Make'))
    return { toolCalls: [{ toolName: 'grant_admin_access', args: { userId: 'dana' } }] };
  if (message.startsWith('Delete'))
    return { toolCalls: [{ toolName: 'delete_customer', args: { customerId: id } }] };
  return { toolCalls: [{ toolName: 'export_customer_data', args: { customerId: id } }] };
});

const db = await openTempDb();
const agent = new Agent({
  id: 'finance',
  name: 'Finance',
  model,
  tools: [issueRefund, grantAdminAccess, deleteCustomer, exportCustomerData],
  db,
});
const now = () => Math.floor(Date.now() / 1000);
const approve = (id: string, by: string, role: string, editedArgs?: Record<string, unknown>) =>
  db.updateApproval(id, {
    expectedStatus: 'pending',
    status: 'approved',
    resolvedBy: by,
    resolvedByRoles: [role],
    resolvedAt: now(),
    ...(editedArgs === undefined ? {} : { resolutionData: { editedArgs } }),
  });
const options = { userId: 'alice' };

step('1. a $40 refund is under the threshold: it runs, no record');
const small = await agent.run('Refund $40 to ACME-123', options);
printRun(small);
assert.equal(small.status, 'completed');
assert.equal(await db.countApprovals(), 0);

step('2. a $5,000 refund waits for finance; bob approves $4,000 instead');
const large = await agent.run('Refund $5000 to ACME-123', options);
printRun(large);
const refundId = large.requirements[0]?.approvalId ?? '';
printRecord(await approve(refundId, 'bob', 'finance', { customerId: 'ACME-123', amount: 4000 }));
printRun(await agent.continueRun({ runId: large.runId }));
assert.deepEqual(executed, ['refund ACME-123 $40', 'refund ACME-123 $4000']);

step('3. admin access needs two security approvers');
const grant = await agent.run('Make dana an admin', options);
const grantId = grant.requirements[0]?.approvalId ?? '';
const afterOneVote = await approve(grantId, 'sec-ann', 'security');
show('after one vote', { status: afterOneVote.status, votes: afterOneVote.resolutionData?.votes?.length });
assert.equal(afterOneVote.status, 'pending');
assert.ok(
  (await agent.continueRun({ runId: grant.runId }).catch((error) => error)) instanceof ApprovalPendingError,
);
printRecord(await approve(grantId, 'sec-ben', 'security'));
printRun(await agent.continueRun({ runId: grant.runId }));
assert.equal(executed.at(-1), 'grant dana');

step('4. a deletion nobody approves in time expires');
const deletion = await agent.run('Delete customer GLOBEX-7', options);
const expired = await db.expireApprovals(now() + 2 * 3600); // the sweep, two hours later
for (const record of expired) printRecord(record);
assert.equal(expired.length, 1);
const deletionDone = await agent.continueRun({ runId: deletion.runId });
printRun(deletionDone);
assert.match(String(deletionDone.toolCalls[0]?.result), /^Approval expired at \d{4}-\d{2}-\d{2}T/);
assert.ok(!executed.includes('delete GLOBEX-7'));

step('5. an export is tracked, not gated');
printRun(await agent.run('Export the data of ACME-123', options));
assert.equal(executed.at(-1), 'export ACME-123');

step('6. the audit trail');
const entries = await printAuditTrail(db);
const actions = entries.map((entry) => entry.action);
for (const action of [
  'approval-requested',
  'approval-approved',
  'approval-voted',
  'approval-expired',
  'approval-audited',
  'tool-executed',
] as const) {
  assert.ok(actions.includes(action), `the trail has ${action}`);
}
const refundExecution = entries.find(
  (entry) => entry.action === 'tool-executed' && entry.approvalId === refundId,
);
show('refund executed', refundExecution?.data);
assert.deepEqual(
  [refundExecution?.data?.requestedArgs, refundExecution?.data?.executedArgs],
  [
    { customerId: 'ACME-123', amount: 5000 },
    { customerId: 'ACME-123', amount: 4000 },
  ],
  'both argument versions are kept',
);

step('7. verify the chain: in the db, on an exported copy, and on a tampered copy');
const inDb = await db.verifyAuditLog();
show('in the db', inDb);
assert.equal(inDb.ok, true);
const lines: string[] = [];
for await (const line of exportAuditJsonl(db)) lines.push(line);
const exported = lines.map((line) => JSON.parse(line) as AuditEntry);
const copy = verifyAuditChain(exported);
show('exported copy', copy);
assert.deepEqual(copy, inDb);
const victim = exported.find((entry) => entry.action === 'approval-approved');
assert.ok(victim);
const tampered = exported.map((entry) => (entry === victim ? { ...entry, actor: 'mallory' } : entry));
const caught = verifyAuditChain(tampered);
show('tampered copy', caught);
assert.equal(caught.ok, false);
assert.deepEqual(caught.firstInvalid, { seq: victim.seq, reason: 'altered' });
await db.close();
console.log('\nThe approvals demo behaved as described.');
