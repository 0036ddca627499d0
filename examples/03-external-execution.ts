// External execution (seed: "Two related primitives", "External execution").
//
// The tool routes through a system with its own approval flow (here a change-management
// board). It has no `execute`: when the model calls `submit_to_change_management`, the agent
// hands off, the run pauses and is stored, and the outside system later reports the result
// through the AgentOS API (`POST /agents/{agentId}/runs/{runId}/tools/{toolCallId}/result`),
// which resumes the run.
//
// Look for: the pause with an `external_execution` requirement, a caller without the executor
// role refused (403, and an `access-denied` audit entry), the change bot's report resuming the
// run, and the model answering from the reported result.
import assert from 'node:assert/strict';
import { Agent, tool } from 'countersign';
import { AgentOS, silentLogger } from 'countersign/server';
import * as z from 'zod';
import { exampleModel, offline } from './lib/example-model.js';
import { printAuditTrail, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const submitToChangeManagement = tool({
  name: 'submit_to_change_management',
  description: 'Submit an infrastructure change to the change-management board, which executes it.',
  inputSchema: z.object({
    payload: z.object({ system: z.string(), change: z.string() }).describe('The change request'),
  }),
  externalExecution: true,
});

const model = exampleModel((context) => {
  if (context.step === 0) {
    const payload = { system: 'billing-firewall', change: 'open port 8443 to the partner network' };
    return { toolCalls: [{ toolName: 'submit_to_change_management', args: { payload } }] };
  }
  const [result] = context.lastToolResults;
  return { text: `The change board reported: ${result?.text}` };
});

const db = await openTempDb();
const agent = new Agent({ id: 'ops', model, tools: [submitToChangeManagement], db });
// API keys identify the callers: alice (who asks), the change bot (executor), and mallory.
const keys = {
  alice: 'key-alice-0123456789',
  changeBot: 'key-change-bot-0123456789',
  mallory: 'key-mallory-0123456789',
};
const os = new AgentOS({
  agents: [agent],
  db,
  logger: silentLogger,
  auth: {
    apiKeys: [
      { key: keys.alice, userId: 'alice' },
      { key: keys.changeBot, userId: 'change-bot', roles: ['executor'] },
      { key: keys.mallory, userId: 'mallory' },
    ],
  },
});

step('1. alice asks; the agent hands the change off and the run pauses');
const run = await agent.run('Open port 8443 on the billing firewall for the partner network', {
  userId: 'alice',
});
printRun(run);
assert.equal(run.status, 'paused');
const [requirement] = run.activeRequirements;
assert.ok(requirement?.needsExternalExecution);
assert.equal(requirement.toolName, 'submit_to_change_management');
const resultPath = `/agents/ops/runs/${run.runId}/tools/${requirement.toolCallId}/result`;
show('report to', `POST ${resultPath.replace(run.runId, '<runId>')}`);

async function report(key: string, body: unknown): Promise<Response> {
  return os.app.request(resultPath, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

step('2. mallory (no executor role, not the run’s user) tries to report a result');
const denied = await report(keys.mallory, { result: 'approved and applied' });
show('HTTP status', denied.status);
show('error', ((await denied.json()) as { error: { message: string } }).error.message);
assert.equal(denied.status, 403);
assert.equal((await agent.getRun(run.runId))?.status, 'paused', 'the run still waits');

step('3. the change board executes the change; its bot reports back through the API');
const reported = await report(keys.changeBot, {
  result: 'CHG-1042 approved by the board and applied at 14:05',
});
const outcome = (await reported.json()) as { continued: boolean; run: { status: string; content: string } };
show('HTTP status', reported.status);
show('continued', outcome.continued);
assert.equal(reported.status, 200);
assert.equal(outcome.continued, true);
const done = await agent.getRun(run.runId);
assert.ok(done);
printRun(done);
assert.equal(done.status, 'completed');
assert.deepEqual(done.toolCalls[0]?.result, 'CHG-1042 approved by the board and applied at 14:05');
if (offline)
  assert.equal(
    done.content,
    'The change board reported: CHG-1042 approved by the board and applied at 14:05',
  );

step('4. the audit trail');
const entries = await printAuditTrail(db);
assert.deepEqual(
  entries.map((entry) => `${entry.action} ${entry.actor}`),
  ['access-denied mallory', 'approval-confirmed change-bot'],
);
await os.close();
await db.close();
console.log('\nExternal execution behaved as described.');
