// User confirmation (seed: "User confirmation" and "Resuming a paused run").
//
// The person asking the agent confirms the concrete tool call before it fires. When the model
// calls `restart_service`, the run pauses and is stored; `run.activeRequirements` says what it
// waits for (tool name and arguments). The user confirms (or rejects with a reason) and the run
// resumes with `continueRun`, here from a second Agent object on the same database, as another
// process or a later request would.
//
// Look for: the pause sentence, the call running exactly once after the confirmation, the
// rejection reaching the model as the tool's result, and the audit entries of both decisions.
import assert from 'node:assert/strict';
import { Agent, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, offline, userMessage } from './lib/example-model.js';
import { printAuditTrail, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const restarted: string[] = [];
const restartService = tool({
  name: 'restart_service',
  description: 'Restart a service by name.',
  inputSchema: z.object({ serviceName: z.string().describe('The service, e.g. billing') }),
  requiresConfirmation: true,
  execute: ({ serviceName }) => {
    restarted.push(serviceName);
    return `${serviceName} restarted`;
  },
});

// Offline, the model restarts the service named in the message, then reports the tool's result.
const model = exampleModel((context) => {
  if (context.step === 0) {
    const serviceName = /restart the (\w+)/i.exec(userMessage(context))?.[1] ?? 'billing';
    return { toolCalls: [{ toolName: 'restart_service', args: { serviceName } }] };
  }
  const [result] = context.lastToolResults;
  return { text: result?.isError ? `I did not restart it (${result.text}).` : `Done: ${result?.text}.` };
});

const db = await openTempDb();
const makeAgent = () =>
  new Agent({ id: 'ops', model, instructions: 'You operate services.', tools: [restartService], db });
const agent = makeAgent();

step('1. alice asks; the run pauses before the restart');
const run = await agent.run('Restart the billing service', { userId: 'alice' });
printRun(run);
assert.equal(run.status, 'paused');
assert.equal(restarted.length, 0, 'nothing runs before the confirmation');
const [requirement] = run.activeRequirements;
assert.ok(requirement?.needsConfirmation);
assert.equal(requirement.toolName, 'restart_service');
if (offline) assert.equal(run.content, 'I need your confirmation to run restart_service.');

step('2. alice confirms; the run resumes (from a second Agent on the same db)');
show('confirming', `${requirement.toolName}(${JSON.stringify(requirement.toolArgs)})`);
requirement.confirm();
const later = makeAgent();
const stored = await later.getRun(run.runId);
assert.ok(stored?.isPaused, 'the paused run is stored in the db');
const done = await later.continueRun({ runId: run.runId, requirements: run.requirements });
printRun(done);
assert.equal(done.status, 'completed');
assert.equal(restarted.length, 1, 'the confirmed call ran exactly once');
if (offline) {
  assert.deepEqual(restarted, ['billing']);
  assert.equal(done.content, 'Done: billing restarted.');
}

step('3. alice asks again and rejects this time');
const second = await agent.run('Restart the auth service', { userId: 'alice' });
printRun(second);
assert.equal(second.status, 'paused');
second.activeRequirements[0]?.reject('not during business hours');
const refused = await agent.continueRun({ runId: second.runId, requirements: second.requirements });
printRun(refused);
assert.equal(refused.status, 'completed');
assert.equal(restarted.length, 1, 'the rejected call never ran');
const [record] = refused.toolCalls;
show('tool result', record);
assert.equal(record?.outcome, 'rejected');
if (offline)
  assert.equal(refused.content, 'I did not restart it (Rejected by the user: not during business hours).');

step('4. the audit trail');
const entries = await printAuditTrail(db);
assert.deepEqual(
  entries.map((entry) => `${entry.action} ${entry.actor}`),
  ['approval-confirmed alice', 'tool-executed alice', 'approval-rejected alice'],
);
assert.equal((await db.verifyAuditLog()).ok, true);
await db.close();
console.log('\nUser confirmation behaved as described.');
