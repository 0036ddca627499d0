// Approval with external execution (Approval docs: "Approval with external execution",
// `@approval` + `external_execution`).
//
// `deploy_to_production` is executed by a CI pipeline, not by the agent, and a release manager
// must sign off first. The run pauses with an `external_execution` requirement carrying a
// `required` approval record. The pipeline checks the record, deploys once it is approved, and
// reports the result; the run then continues with it. A rejected deployment is never run, and
// the model hears the approver's reason.
//
// Look for: the pipeline waiting on the record's status, the result the model answers from,
// and the rejection reason reaching the model with the approver's name.
import assert from 'node:assert/strict';
import { Agent, ApprovalPendingError, approval, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, offline, userMessage } from './lib/example-model.js';
import { printAuditTrail, printRecord, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const deployToProduction = approval(
  { approverRole: 'release-manager' },
  tool({
    name: 'deploy_to_production',
    description: 'Deploy a service version to production (run by the CI pipeline).',
    inputSchema: z.object({ serviceName: z.string(), version: z.string() }),
    externalExecution: true,
  }),
);

const model = exampleModel((context) => {
  if (context.step === 0) {
    const [, serviceName = 'auth-service', version = '2.1.0'] =
      /deploy the ([\w-]+) version ([\d.]+)/i.exec(userMessage(context)) ?? [];
    return { toolCalls: [{ toolName: 'deploy_to_production', args: { serviceName, version } }] };
  }
  return { text: `Deployment: ${context.lastToolResults[0]?.text}` };
});

const db = await openTempDb();
const agent = new Agent({ id: 'release', model, tools: [deployToProduction], db });
const resolve = (id: string, status: 'approved' | 'rejected', reason?: string) =>
  db.updateApproval(id, {
    expectedStatus: 'pending',
    status,
    resolvedBy: 'rita',
    resolvedByRoles: ['release-manager'],
    resolvedAt: Math.floor(Date.now() / 1000),
    ...(reason === undefined ? {} : { resolutionData: { reason } }),
  });

step('1. alice asks for a deployment; the run pauses for the pipeline and the approver');
const run = await agent.run('Deploy the auth-service version 2.1.0 to production.', { userId: 'alice' });
printRun(run);
const [requirement] = run.activeRequirements;
assert.ok(requirement?.needsExternalExecution);
assert.equal(requirement.approvalType, 'required');
const approvalId = requirement.approvalId ?? '';

step('2. the pipeline may not go ahead yet: the record is pending');
show('record status', (await db.getApproval(approvalId))?.status);
const early = await agent.continueRun({ runId: run.runId }).catch((error) => error);
show('continue', early.name);
assert.ok(early instanceof ApprovalPendingError);

step('3. rita (release manager) approves; the pipeline deploys and reports');
printRecord(await resolve(approvalId, 'approved'));
assert.equal((await db.getApproval(approvalId))?.status, 'approved');
requirement.setExternalExecutionResult('Deployed auth-service v2.1.0 (pipeline #881, all checks green)');
const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
printRun(done);
assert.equal(done.status, 'completed');
assert.equal(done.toolCalls[0]?.result, 'Deployed auth-service v2.1.0 (pipeline #881, all checks green)');
if (offline)
  assert.equal(done.content, 'Deployment: Deployed auth-service v2.1.0 (pipeline #881, all checks green)');

step('4. a second deployment is rejected; nothing is deployed');
const second = await agent.run('Deploy the billing-service version 3.0.0 to production.', {
  userId: 'alice',
});
printRecord(await resolve(second.requirements[0]?.approvalId ?? '', 'rejected', 'code freeze until Monday'));
const refused = await agent.continueRun({ runId: second.runId });
printRun(refused);
assert.equal(refused.toolCalls[0]?.outcome, 'rejected');
assert.equal(refused.toolCalls[0]?.result, 'Rejected by the approver (rita): code freeze until Monday');

step('5. the audit trail');
const entries = await printAuditTrail(db);
assert.deepEqual(
  entries.map((entry) => `${entry.action} ${entry.actor}`),
  [
    'approval-requested alice',
    'approval-approved rita',
    'approval-confirmed alice',
    'approval-requested alice',
    'approval-denied rita',
  ],
);
await db.close();
console.log('\nApproval with external execution behaved as described.');
