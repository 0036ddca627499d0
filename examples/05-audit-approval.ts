// Audit approval, non-blocking (seed: "Admin approval", `@approval(type="audit")`; Approval
// docs: "Non-blocking").
//
// Policy says "track but don't gate". `approval({ type: 'audit' }, tool)` never waits for an
// approver: a tool that also asks the user to confirm pauses for the user only, and once the
// user decided an audit record is written with the decision (`approved` or `rejected`,
// `resolvedBy` the user). A tool without a pause flag does not pause at all: the call runs and
// an `approved` record is written before the run returns.
//
// Look for: no admin in the loop, one record per call with the user's decision, the rejected
// call never running, and the export running at once yet leaving a record (`resolvedBy: 'system'`,
// as nobody decided).
import assert from 'node:assert/strict';
import { Agent, approval, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, userMessage } from './lib/example-model.js';
import { printAuditTrail, printRecord, printRun, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const executed: string[] = [];
const deleteUserData = approval(
  { type: 'audit' },
  tool({
    name: 'delete_user_data',
    description: 'Permanently delete all data of a user.',
    inputSchema: z.object({ userId: z.string() }),
    requiresConfirmation: true,
    execute: ({ userId }) => {
      executed.push(`delete ${userId}`);
      return `Deleted data for user ${userId}`;
    },
  }),
);
const exportCustomerData = approval(
  { type: 'audit' },
  tool({
    name: 'export_customer_data',
    description: 'Export the data held about a customer.',
    inputSchema: z.object({ customerId: z.string() }),
    execute: ({ customerId }) => {
      executed.push(`export ${customerId}`);
      return { customerId, orders: 12, tickets: 3 };
    },
  }),
);

// Offline, the model calls the tool the message names, with the id in it, then reports the result.
const model = exampleModel((context) => {
  const message = userMessage(context);
  if (context.step === 0) {
    const id = /\b([A-Z]+-\d+)\b/.exec(message)?.[1] ?? 'U-100';
    return message.startsWith('Export')
      ? { toolCalls: [{ toolName: 'export_customer_data', args: { customerId: id } }] }
      : { toolCalls: [{ toolName: 'delete_user_data', args: { userId: id } }] };
  }
  return { text: `Result: ${context.lastToolResults[0]?.text}` };
});

const db = await openTempDb();
const agent = new Agent({ id: 'privacy', model, tools: [deleteUserData, exportCustomerData], db });

step('1. approval path: alice confirms the deletion; no approver is asked');
const first = await agent.run('Delete all data for user U-100.', { userId: 'alice' });
printRun(first);
assert.equal(first.status, 'paused');
assert.equal(first.activeRequirements[0]?.approvalType, 'audit');
assert.equal(
  await db.countApprovals({ status: 'pending' }),
  0,
  'an audit approval never waits for an approver',
);
first.activeRequirements[0]?.confirm();
const deleted = await agent.continueRun({ runId: first.runId, requirements: first.requirements });
printRun(deleted);
assert.equal(deleted.status, 'completed');
assert.deepEqual(executed, ['delete U-100']);

step('2. rejection path: alice rejects the second deletion');
const second = await agent.run('Delete all data for user U-200.', { userId: 'alice' });
second.activeRequirements[0]?.reject('wrong user');
const refused = await agent.continueRun({ runId: second.runId, requirements: second.requirements });
printRun(refused);
assert.deepEqual(executed, ['delete U-100'], 'the rejected call never ran');

step('3. a bare audit tool: the export runs at once and leaves a record');
const exported = await agent.run('Export the data of customer ACME-123.', { userId: 'alice' });
printRun(exported);
assert.equal(exported.status, 'completed', 'no pause at all');
assert.deepEqual(executed, ['delete U-100', 'export ACME-123']);

step('4. the audit records: one per call, with the user’s decision');
const { items } = await db.getApprovals({ type: 'audit' });
for (const record of items) printRecord(record);
// Records are listed newest first; records of one second are ordered by id, so sort for the check.
const summary = items.map(
  (record) =>
    `${record.toolName} ${JSON.stringify(record.toolArgs)} ${record.status} by ${record.resolvedBy}`,
);
assert.deepEqual(summary.sort(), [
  'delete_user_data {"userId":"U-100"} approved by alice',
  'delete_user_data {"userId":"U-200"} rejected by alice',
  'export_customer_data {"customerId":"ACME-123"} approved by system',
]);

step('5. the audit trail');
const entries = await printAuditTrail(db);
assert.ok(entries.some((entry) => entry.action === 'approval-audited'));
assert.equal(entries.filter((entry) => entry.action === 'tool-executed').length, 2);
assert.equal((await db.verifyAuditLog()).ok, true);
await db.close();
console.log('\nAudit approval behaved as described.');
