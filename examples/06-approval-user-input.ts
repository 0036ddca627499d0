// Approval with user input (Approval docs: "Approval with user input", `@approval` +
// `requires_user_input`).
//
// `send_money` needs the user to name the recipient (`userInputFields: ['recipient']`, hidden
// from the model) and an approver to sign off (`approval(...)`). The run pauses once with a
// `user_input` requirement that carries a `required` approval record. The user fills the field;
// the approver resolves the record; only then does the call run. An approver may also supply or
// override the values in `resolutionData.values` (validated against the tool's schema), as in the
// second run.
//
// Look for: the continue refused while the record is pending even though the user answered,
// the money sent with the user's recipient, and the approver's value winning in the second run.
import assert from 'node:assert/strict';
import { Agent, ApprovalPendingError, approval, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, offline } from './lib/example-model.js';
import { printAuditTrail, printRecord, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const transfers: string[] = [];
const sendMoney = approval(
  { approverRole: 'treasury' },
  tool({
    name: 'send_money',
    description: 'Send money to a recipient the user names.',
    inputSchema: z.object({ amount: z.number().positive(), recipient: z.string().min(1), note: z.string() }),
    userInputFields: ['recipient'],
    execute: ({ amount, recipient, note }) => {
      transfers.push(`$${amount} to ${recipient}`);
      return `Sent $${amount} to ${recipient}: ${note}`;
    },
  }),
);

const model = exampleModel((context) =>
  context.step === 0
    ? { toolCalls: [{ toolName: 'send_money', args: { amount: 50, note: 'lunch money' } }] }
    : { text: `${context.lastToolResults[0]?.text}.` },
);

const db = await openTempDb();
const agent = new Agent({ id: 'payments', model, tools: [sendMoney], db });
const approve = (id: string, values?: Record<string, unknown>) =>
  db.updateApproval(id, {
    expectedStatus: 'pending',
    status: 'approved',
    resolvedBy: 'tara',
    resolvedByRoles: ['treasury'],
    resolvedAt: Math.floor(Date.now() / 1000),
    ...(values === undefined ? {} : { resolutionData: { values } }),
  });

step('1. alice asks; the run pauses for the recipient and for an approver');
const run = await agent.run("Send $50 to someone with the note 'lunch money'.", { userId: 'alice' });
printRun(run);
assert.equal(run.status, 'paused');
const [requirement] = run.activeRequirements;
assert.ok(requirement?.needsUserInput);
assert.equal(requirement.approvalType, 'required');
const [record] = (await db.getApprovals({ status: 'pending', type: 'required' })).items;
assert.ok(record);
printRecord(record);
assert.equal(record.requirementKind, 'user_input');

step('2. alice names the recipient; the continue waits for the approver');
requirement.provideUserInput({ recipient: 'Alice' });
const pending = await agent
  .continueRun({ runId: run.runId, requirements: run.requirements })
  .catch((error) => error);
show('continue', pending.name);
assert.ok(pending instanceof ApprovalPendingError);
assert.equal(transfers.length, 0);

step('3. tara (treasury) approves; the run continues');
printRecord(await approve(record.id));
const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
printRun(done);
assert.equal(done.status, 'completed');
assert.deepEqual(transfers, ['$50 to Alice']);
if (offline) assert.equal(done.content, 'Sent $50 to Alice: lunch money.');

step('4. a second transfer: the approver supplies the recipient herself');
const second = await agent.run("Send $50 to someone with the note 'lunch money'.", { userId: 'alice' });
const secondRecord = await db.getApproval(second.requirements[0]?.approvalId ?? '');
assert.ok(secondRecord);
await approve(secondRecord.id, { recipient: 'Alice Smith (verified account)' });
const secondDone = await agent.continueRun({ runId: second.runId });
printRun(secondDone);
assert.deepEqual(transfers, ['$50 to Alice', '$50 to Alice Smith (verified account)']);

step('5. the audit trail of the first transfer');
const entries = await printAuditTrail(db, { runId: run.runId });
assert.deepEqual(
  entries.map((entry) => `${entry.action} ${entry.actor}`),
  ['approval-requested alice', 'approval-approved tara', 'approval-confirmed alice', 'tool-executed alice'],
);
await db.close();
console.log('\nApproval with user input behaved as described.');
