// User input mid-run (seed: "Two related primitives", "User input mid-run").
//
// The agent needs more information from the user before a tool can complete. The model calls
// `file_support_ticket` with a summary; the `description` field is the user's to fill
// (`userInputFields`), so it is hidden from the model and the run pauses with a `user_input`
// requirement listing it. The user answers, and the run resumes with the answer in scope.
//
// Look for: the field the run asks for, a wrong value refused with the field named, and the
// ticket filed with the user's own description.
import assert from 'node:assert/strict';
import { Agent, tool, ValidationError } from 'countersign';
import * as z from 'zod';
import { exampleModel, offline } from './lib/example-model.js';
import { printAuditTrail, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';
import { thrown } from './lib/thrown.js';

const tickets: { summary: string; description: string }[] = [];
const fileSupportTicket = tool({
  name: 'file_support_ticket',
  description: 'File a support ticket. The user writes the description.',
  inputSchema: z.object({
    summary: z.string().describe('One line saying what is wrong'),
    description: z.string().min(10).describe('What happened, in the user’s words'),
  }),
  userInputFields: ['description'],
  execute: ({ summary, description }) => {
    tickets.push({ summary, description });
    return `Ticket T-${tickets.length} filed: ${summary}`;
  },
});

const model = exampleModel((context) =>
  context.step === 0
    ? { toolCalls: [{ toolName: 'file_support_ticket', args: { summary: 'VPN drops every few minutes' } }] }
    : { text: `${context.lastToolResults[0]?.text}. We will get back to you.` },
);

const db = await openTempDb();
const agent = new Agent({ id: 'helpdesk', model, tools: [fileSupportTicket], db });

step('1. the model files a ticket; the run pauses for the description');
const run = await agent.run('My VPN keeps dropping, please open a ticket', { userId: 'alice' });
printRun(run);
assert.equal(run.status, 'paused');
const [requirement] = run.activeRequirements;
assert.equal(requirement?.kind, 'user_input');
assert.ok(requirement.needsUserInput);
for (const field of requirement.userInputSchema ?? [])
  show('asks for', `${field.name} (${field.type}): ${field.description}`);
assert.deepEqual(
  requirement.userInputSchema?.map((field) => field.name),
  ['description'],
  'only the user-input field is asked for; the model filled the summary',
);
assert.equal(tickets.length, 0);

step('2. a value of the wrong type is refused, naming the field');
const refused = thrown(() => requirement.provideUserInput({ description: 42 }));
assert.ok(refused instanceof ValidationError);
show('refused', refused.message);
assert.ok(requirement.needsUserInput, 'still waiting after a refused answer');

step('3. alice answers; the run resumes with her description');
requirement.provideUserInput({ description: 'Since Monday the VPN disconnects every 5 minutes on Wi-Fi.' });
const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
printRun(done);
assert.equal(done.status, 'completed');
assert.equal(tickets.length, 1);
assert.equal(tickets[0]?.description, 'Since Monday the VPN disconnects every 5 minutes on Wi-Fi.');
if (offline)
  assert.equal(done.content, 'Ticket T-1 filed: VPN drops every few minutes. We will get back to you.');

step('4. the audit trail');
const entries = await printAuditTrail(db);
assert.deepEqual(
  entries.map((entry) => entry.action),
  ['approval-confirmed', 'tool-executed'],
);
await db.close();
console.log('\nUser input mid-run behaved as described.');
