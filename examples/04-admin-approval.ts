// Admin approval, blocking (seed: "Admin approval"; Approval docs: "Blocking", "Execution Flow").
//
// A user can ask the agent to issue a $10K refund, but the user should not be the one approving
// it. `approval({ approverRole: 'finance' }, tool)` routes the call to an approver with the
// finance role; with `requiresConfirmation` on the tool as well, both must say yes: the user
// confirms they want it, the admin signs off on the amount. The run pauses and writes one
// pending approval record, in the same transaction as the paused run. An admin lists pending
// records, resolves one with a compare-and-set (`expectedStatus: 'pending'`), and the run
// continues; `continueRun` checks the record first.
//
// Look for: nothing running while the record is pending (`ApprovalPendingError`), the requester
// unable to approve their own call, a resolver without the role refused, and the audit trail
// naming who confirmed, who approved, and the exact arguments that ran.
import assert from 'node:assert/strict';
import { Agent, ApprovalForbiddenError, ApprovalPendingError, approval, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, offline } from './lib/example-model.js';
import { printAuditTrail, printRecord, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const refunds: { customerId: string; amount: number }[] = [];
const issueRefund = approval(
  { approverRole: 'finance', expiresIn: '24h' },
  tool({
    name: 'issue_refund',
    description: 'Refund a customer.',
    inputSchema: z.object({ customerId: z.string(), amount: z.number().positive(), reason: z.string() }),
    requiresConfirmation: true,
    execute: ({ customerId, amount }, { idempotencyKey }) => {
      refunds.push({ customerId, amount });
      return `Refunded $${amount} to ${customerId} (payment key ${idempotencyKey.slice(0, 8)}...)`;
    },
  }),
);

const model = exampleModel((context) =>
  context.step === 0
    ? {
        toolCalls: [
          {
            toolName: 'issue_refund',
            args: { customerId: 'ACME-123', amount: 10_000, reason: 'outage credit' },
          },
        ],
      }
    : { text: `Refund processed. ${context.lastToolResults[0]?.text}` },
);

const db = await openTempDb();
const agent = new Agent({ id: 'support', name: 'Support', model, tools: [issueRefund], db });
const now = () => Math.floor(Date.now() / 1000);

step('1. alice asks for a $10,000 refund; the run pauses with a pending record');
const run = await agent.run('Issue a $10,000 refund to ACME-123 for the outage', { userId: 'alice' });
printRun(run);
assert.equal(run.status, 'paused');
const [requirement] = run.activeRequirements;
assert.equal(requirement?.approvalType, 'required');
assert.ok(requirement.needsConfirmation, 'the tool also asks the user to confirm');

step('2. the finance inbox: pending records for the finance role');
const inbox = await db.getApprovals({ status: 'pending', approverRole: 'finance' });
for (const record of inbox.items) printRecord(record);
assert.equal(inbox.items.length, 1);
const record = inbox.items[0];
assert.ok(record);
assert.equal(record.id, requirement.approvalId);
assert.equal(record.requestedBy, 'alice');
assert.equal(record.context.input, 'Issue a $10,000 refund to ACME-123 for the outage');
assert.equal(record.runStatus, 'paused');

step('3. alice confirms her part; the continue is refused while the record is pending');
requirement.confirm();
const pending = await agent
  .continueRun({ runId: run.runId, requirements: run.requirements })
  .catch((error) => error);
show('continue', `${pending.name}: ${pending.message}`);
assert.ok(pending instanceof ApprovalPendingError);
assert.equal(refunds.length, 0, 'nothing ran');

step('4. alice cannot approve her own refund; carol without the finance role cannot either');
const decision = { expectedStatus: 'pending' as const, status: 'approved' as const, resolvedAt: now() };
const selfApproval = await db
  .updateApproval(record.id, { ...decision, resolvedBy: 'alice', resolvedByRoles: ['finance'] })
  .catch((error) => error);
show('alice', `${selfApproval.name}: ${selfApproval.message}`);
assert.ok(selfApproval instanceof ApprovalForbiddenError);
const noRole = await db
  .updateApproval(record.id, { ...decision, resolvedBy: 'carol', resolvedByRoles: ['support'] })
  .catch((error) => error);
show('carol', `${noRole.name}: ${noRole.message}`);
assert.ok(noRole instanceof ApprovalForbiddenError);

step('5. bob (finance) approves; a second resolver loses the compare-and-set');
const approved = await db.updateApproval(record.id, {
  ...decision,
  resolvedBy: 'bob',
  resolvedByRoles: ['finance'],
});
printRecord(approved);
const late = await db
  .updateApproval(record.id, {
    ...decision,
    status: 'rejected',
    resolvedBy: 'dave',
    resolvedByRoles: ['finance'],
  })
  .catch((error) => error);
show('dave', `${late.name}: ${late.message}`);
assert.equal(late.name, 'ApprovalConflictError');

step('6. the run continues; the refund runs exactly once');
const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
printRun(done);
assert.equal(done.status, 'completed');
assert.deepEqual(refunds, [{ customerId: 'ACME-123', amount: 10_000 }]);
if (offline) assert.match(done.content ?? '', /^Refund processed\. Refunded \$10000 to ACME-123/);
const final = await db.getApproval(record.id);
assert.equal(final?.resolvedBy, 'bob');
assert.equal(final?.runStatus, 'completed');

step('7. the audit trail: every decision, who made it, and the arguments that ran');
const entries = await printAuditTrail(db, { runId: run.runId });
assert.deepEqual(
  entries.map((entry) => `${entry.action} ${entry.actor}`),
  ['approval-requested alice', 'approval-approved bob', 'approval-confirmed alice', 'tool-executed alice'],
);
assert.ok(
  entries.every((entry) => entry.argsDigest === record.argsDigest),
  'every entry names the same arguments',
);
const verification = await db.verifyAuditLog();
show('chain', verification);
assert.equal(verification.ok, true);
await db.close();
console.log('\nAdmin approval behaved as described.');
