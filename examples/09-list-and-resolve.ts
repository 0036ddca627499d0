// Approval list and resolve (Approval docs: "Execution Flow", "Approval list and resolve": pause,
// list pending, resolve through the db, continue).
//
// Two runs pause on admin-approved tools. An admin lists the pending records (filters, count,
// pagination), reads one, approves it with a compare-and-set, and rejects the other with a
// reason. A second resolver of the same record is refused (`ApprovalConflictError`, naming the
// actual status). The runs then continue: the approved call runs once, the rejected one never,
// and the model hears the approver's reason. Records are never deleted: they stay as the
// approval history of the product (Agno's example deletes them; Countersign has no delete).
//
// Look for: the admin's view of each record (tool, arguments, who asked, what they said), the
// double resolve refused, and both runs finishing with the right outcome.
import assert from 'node:assert/strict';
import { Agent, ApprovalConflictError, approval, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, offline, userMessage } from './lib/example-model.js';
import { printRecord, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const executed: string[] = [];
const deleteUserData = approval(
  tool({
    name: 'delete_user_data',
    description: 'Permanently delete all data for a user. This is irreversible.',
    inputSchema: z.object({ userId: z.string() }),
    requiresConfirmation: true,
    execute: ({ userId }) => {
      executed.push(`delete ${userId}`);
      return `All data for user ${userId} has been permanently deleted.`;
    },
  }),
);
const sendBulkEmail = approval(
  tool({
    name: 'send_bulk_email',
    description: 'Send a bulk email to many recipients.',
    inputSchema: z.object({ subject: z.string(), recipientCount: z.number().int().positive() }),
    requiresConfirmation: true,
    execute: ({ subject, recipientCount }) => {
      executed.push(`email ${subject}`);
      return `Bulk email '${subject}' sent to ${recipientCount} recipients.`;
    },
  }),
);

const model = exampleModel((context) => {
  if (context.step > 0) return { text: `Outcome: ${context.lastToolResults[0]?.text}` };
  return userMessage(context).startsWith('Delete')
    ? { toolCalls: [{ toolName: 'delete_user_data', args: { userId: 'U-12345' } }] }
    : {
        toolCalls: [{ toolName: 'send_bulk_email', args: { subject: 'Holiday Sale', recipientCount: 5000 } }],
      };
});

const db = await openTempDb();
const agent = new Agent({
  id: 'admin-agent',
  name: 'Admin Agent',
  model,
  tools: [deleteUserData, sendBulkEmail],
  db,
});
const now = () => Math.floor(Date.now() / 1000);

step('1. two runs pause on admin-approved tools');
const run1 = await agent.run('Delete all data for user U-12345', { userId: 'alice' });
const run2 = await agent.run("Send a bulk email with subject 'Holiday Sale' to 5000 recipients", {
  userId: 'alice',
});
show('run 1', run1.status);
show('run 2', run2.status);
assert.equal(run1.status, 'paused');
assert.equal(run2.status, 'paused');

step('2. the admin lists pending records (a page of one, then the next)');
const firstPage = await db.getApprovals({ status: 'pending', limit: 1 });
const secondPage = await db.getApprovals({ status: 'pending', limit: 1, cursor: firstPage.nextCursor ?? '' });
for (const record of [...firstPage.items, ...secondPage.items]) {
  printRecord(record);
  show('  the user said', record.context.input);
}
assert.equal(secondPage.nextCursor, null);
assert.equal(await db.countApprovals({ status: 'pending' }), 2);

step('3. filter by run, and read one record');
const { items: ofRun1 } = await db.getApprovals({ runId: run1.runId });
assert.equal(ofRun1.length, 1);
const approval1 = await db.getApproval(ofRun1[0]?.id ?? '');
assert.ok(approval1);
show('record', {
  id: approval1.id,
  status: approval1.status,
  sourceType: approval1.sourceType,
  agentId: approval1.agentId,
});
assert.equal(approval1.toolName, 'delete_user_data');

step('4. approve the first; a second resolver is refused');
const resolved = await db.updateApproval(approval1.id, {
  expectedStatus: 'pending',
  status: 'approved',
  resolvedBy: 'admin@example.com',
  resolvedAt: now(),
});
printRecord(resolved);
const double = await db
  .updateApproval(approval1.id, {
    expectedStatus: 'pending',
    status: 'rejected',
    resolvedBy: 'mallory',
    resolvedAt: now(),
  })
  .catch((error) => error);
assert.ok(double instanceof ApprovalConflictError);
show('double resolve', double.message);

step('5. reject the second with a reason');
const [approval2] = (await db.getApprovals({ status: 'pending' })).items;
assert.ok(approval2);
printRecord(
  await db.updateApproval(approval2.id, {
    expectedStatus: 'pending',
    status: 'rejected',
    resolvedBy: 'admin@example.com',
    resolvedAt: now(),
    resolutionData: { reason: 'too many recipients' },
  }),
);
assert.equal(await db.countApprovals({ status: 'pending' }), 0);
assert.equal(await db.countApprovals(), 2, 'records are kept');

step('6. continue both runs');
for (const requirement of run1.activeRequirements) requirement.confirm(); // alice confirms her own call too
const result1 = await agent.continueRun({ runId: run1.runId, requirements: run1.requirements });
printRun(result1);
const result2 = await agent.continueRun({ runId: run2.runId }); // the approver's rejection decides
printRun(result2);
assert.deepEqual(executed, ['delete U-12345']);
assert.equal(
  result2.toolCalls[0]?.result,
  'Rejected by the approver (admin@example.com): too many recipients',
);
if (offline)
  assert.equal(result1.content, 'Outcome: All data for user U-12345 has been permanently deleted.');

step('7. final state: the records carry the runs’ outcome');
for (const record of (await db.getApprovals()).items) {
  printRecord(record);
  assert.equal(record.runStatus, 'completed');
}
await db.close();
console.log('\nList and resolve behaved as described.');
