// Background audit hook (seed: "Post-hooks (output)", `@hook(run_in_background=True)`).
//
// For custom audit shapes, a post-hook writes each completed run to your own audit table.
// `hook({ runInBackground: true }, fn)` makes it run after the caller got the response: the job
// is written to a durable outbox in the same transaction as the completed run, and a worker in
// the agent's process runs it, retrying with backoff when it fails. Post-hooks never run for a
// paused run, only once it completes.
//
// Look for: the response returned while the audit write is still held up, the row written once
// it is let through, a failed attempt retried, and a paused run queuing its job only when it
// completes after the confirmation.
import assert from 'node:assert/strict';
import { Agent, hook, type RunEvent, tool } from 'countersign';
import * as z from 'zod';
import { exampleModel, userMessage } from './lib/example-model.js';
import { printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

/** Your own audit table (here an array; in production a table of your database). */
const auditTable: {
  agentId: string;
  userId: string | undefined;
  content: string | undefined;
  toolsUsed: string[];
}[] = [];
let releaseAuditStore!: () => void;
const auditStoreReady = new Promise<void>((resolve) => {
  releaseAuditStore = resolve;
});
let outages = 0;

const auditLog = hook({ runInBackground: true }, async function auditLog({ runOutput, agent, userId }) {
  await auditStoreReady; // the audit store is slow; the user does not wait for it
  if (outages > 0) {
    outages -= 1;
    throw new Error('audit store unavailable');
  }
  auditTable.push({
    agentId: agent.id,
    userId,
    content: runOutput.content,
    toolsUsed: runOutput.toolCalls.map((call) => call.toolName),
  });
});

const restartService = tool({
  name: 'restart_service',
  inputSchema: z.object({ serviceName: z.string() }),
  requiresConfirmation: true,
  execute: ({ serviceName }) => `${serviceName} restarted`,
});

const model = exampleModel((context) => {
  if (userMessage(context).startsWith('Restart') && context.step === 0) {
    return { toolCalls: [{ toolName: 'restart_service', args: { serviceName: 'billing' } }] };
  }
  return {
    text:
      context.step === 0 ? 'The billing service is healthy.' : `Done: ${context.lastToolResults[0]?.text}`,
  };
});

const failures: RunEvent[] = [];
const db = await openTempDb();
const agent = new Agent({
  id: 'ops',
  model,
  tools: [restartService],
  db,
  postHooks: [auditLog],
  backgroundHooks: { retryDelaysMs: [20], onEvent: (event) => failures.push(event) },
});

step('1. the response comes back while the audit write is held up');
const first = await agent.run('How is the billing service?', { userId: 'alice' });
printRun(first);
assert.equal(first.status, 'completed');
const jobs = await db.listHookJobs({ runId: first.runId });
show(
  'outbox',
  jobs.map((job) => `${job.hookName} job for run ${job.runId.slice(0, 8)}`),
);
assert.equal(jobs.length, 1, 'the job was stored with the completed run');
assert.equal(auditTable.length, 0, 'nothing written yet');

step('2. the audit store comes back; the worker writes the row');
releaseAuditStore();
show('flush', await agent.flushBackgroundHooks());
show('audit table', auditTable);
assert.deepEqual(auditTable, [{ agentId: 'ops', userId: 'alice', content: first.content, toolsUsed: [] }]);

step('3. a failed attempt is retried');
outages = 1;
const second = await agent.run('How is the billing service now?', { userId: 'bob' });
const flushed = await agent.flushBackgroundHooks();
show('flush', flushed);
for (const event of failures) show('event', event.type);
const [secondJob] = await db.listHookJobs({ runId: second.runId });
show('job', { status: secondJob?.status, attempts: secondJob?.attempts, lastError: secondJob?.lastError });
assert.equal(secondJob?.status, 'completed');
assert.equal(secondJob?.attempts, 2);
assert.deepEqual(
  failures.map((event) => event.type),
  ['hook-failed'],
);
assert.equal(auditTable.length, 2);

step('4. a paused run queues nothing until it completes');
const paused = await agent.run('Restart the billing service', { userId: 'alice' });
printRun(paused);
assert.equal(paused.status, 'paused');
assert.equal((await db.listHookJobs({ runId: paused.runId })).length, 0, 'no post-hook for a paused run');
paused.activeRequirements[0]?.confirm();
const done = await agent.continueRun({ runId: paused.runId, requirements: paused.requirements });
printRun(done);
await agent.flushBackgroundHooks();
show('last row', auditTable.at(-1));
assert.deepEqual(auditTable.at(-1), {
  agentId: 'ops',
  userId: 'alice',
  content: done.content,
  toolsUsed: ['restart_service'],
});
await db.close();
console.log('\nThe background audit hook behaved as described.');
