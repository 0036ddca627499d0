// The Feedback demo (seed: "Worked examples": `UserFeedbackTools` and `UserControlFlowTools` for
// structured questions; "User input mid-run": multi-question and branching forms).
//
// A trip planner that asks before it plans. With `UserFeedbackTools` the model puts choice
// questions to the user (`ask_user`: options, single or multiple choice); with
// `UserControlFlowTools` it asks for exactly the fields it still lacks (`get_user_input`: names,
// types, descriptions). Each question is a durable pause like any other: the run is stored and
// resumes with the answers, which are checked against the options and types.
//
// Look for: the questions with their options, a choice outside the options refused, the
// follow-up form the model designed from the first answers, and a plan built from both.
import assert from 'node:assert/strict';
import { Agent, ValidationError } from 'countersign';
import type { ScriptedTurnContext } from 'countersign/testing';
import { UserControlFlowTools, UserFeedbackTools } from 'countersign/tools';
import { exampleModel, offline } from './lib/example-model.js';
import { printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';
import { thrown } from './lib/thrown.js';

/** The text of the first result of `toolName` in the conversation so far. */
function resultOf(context: ScriptedTurnContext, toolName: string): string {
  for (const message of context.prompt) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'tool-result' && part.toolName === toolName && part.output.type === 'json') {
        return JSON.stringify(part.output.value);
      }
      if (part.type === 'tool-result' && part.toolName === toolName && part.output.type === 'text') {
        return part.output.value;
      }
    }
  }
  return '[]';
}

// Offline: ask two choice questions, then the fields the answers call for, then plan.
const model = exampleModel((context) => {
  if (context.step === 0) {
    const questions = [
      {
        question: 'What kind of trip would you like?',
        header: 'Trip',
        options: [{ label: 'Beach' }, { label: 'Mountains' }, { label: 'City' }],
      },
      {
        question: 'Which activities do you enjoy?',
        header: 'Activities',
        options: [{ label: 'Hiking' }, { label: 'Food' }, { label: 'Museums' }],
        multiSelect: true,
      },
    ];
    return { toolCalls: [{ toolName: 'ask_user', args: { questions } }] };
  }
  if (context.step === 1) {
    const answers = JSON.parse(resultOf(context, 'ask_user')) as { header: string; selected: string[] }[];
    const hiking = answers.some((answer) => answer.selected.includes('Hiking'));
    const userInputFields = [
      {
        fieldName: 'startDate',
        fieldType: 'string',
        fieldDescription: 'The first day of the trip (YYYY-MM-DD)',
      },
      { fieldName: 'budget', fieldType: 'number', fieldDescription: 'Your budget in euros' },
      ...(hiking
        ? [{ fieldName: 'hikingLevel', fieldType: 'string', fieldDescription: 'easy, moderate or hard' }]
        : []),
    ];
    return { toolCalls: [{ toolName: 'get_user_input', args: { userInputFields } }] };
  }
  const answers = JSON.parse(resultOf(context, 'ask_user')) as { header: string; selected: string[] }[];
  const values = JSON.parse(resultOf(context, 'get_user_input')) as { name: string; value: unknown }[];
  const value = (name: string) => values.find((item) => item.name === name)?.value;
  const trip = answers.find((answer) => answer.header === 'Trip')?.selected[0];
  const activities = answers.find((answer) => answer.header === 'Activities')?.selected.join(' and ');
  return {
    text: `Plan: a ${trip} trip from ${value('startDate')} for €${value('budget')}, with ${activities} (${value('hikingLevel')} trails).`,
  };
});

const db = await openTempDb();
const planner = new Agent({
  id: 'trip-planner',
  model,
  instructions: 'You plan trips. Ask the user before you plan.',
  tools: [new UserFeedbackTools(), new UserControlFlowTools()],
  db,
});

step('1. the model asks two choice questions; the run pauses');
const run = await planner.run('Help me plan a trip in May.', { userId: 'alice' });
printRun(run);
const [questions] = run.activeRequirements;
assert.equal(questions?.kind, 'user_feedback');
for (const field of questions.userInputSchema ?? []) {
  show(
    field.name,
    `${field.question} ${field.options?.map((option) => option.label).join(' / ')}${field.multiple ? ' (several)' : ''}`,
  );
}
assert.deepEqual(
  questions.userInputSchema?.map((field) => [field.name, field.multiple === true]),
  [
    ['Trip', false],
    ['Activities', true],
  ],
);

step('2. a choice outside the options is refused; alice answers');
const refused = thrown(() => questions.provideUserInput({ Trip: 'Space' }));
assert.ok(refused instanceof ValidationError);
show('refused', refused.message);
questions.provideUserInput({ Trip: 'Mountains', Activities: ['Hiking', 'Food'] });
const second = await planner.continueRun({ runId: run.runId, requirements: run.requirements });
printRun(second);

step('3. the model asks for the fields it still lacks');
const [form] = second.activeRequirements;
assert.equal(form?.kind, 'user_input');
for (const field of form.userInputSchema ?? []) show(field.name, `${field.type}: ${field.description}`);
if (offline) {
  assert.deepEqual(
    form.userInputSchema?.map((field) => field.name),
    ['startDate', 'budget', 'hikingLevel'],
    'hiking was chosen, so the model asks for the hiking level too',
  );
}
const wrongType = thrown(() => form.provideUserInput({ budget: 'about 2000' }));
assert.ok(wrongType instanceof ValidationError);
show('refused', wrongType.message);
form.provideUserInput({ startDate: '2026-05-14', budget: 2000, hikingLevel: 'moderate' });

step('4. the plan, built from both answers (the run resumed from the db)');
const plan = await planner.continueRun({ runId: second.runId, requirements: second.requirements });
printRun(plan);
assert.equal(plan.status, 'completed');
if (offline) {
  assert.equal(
    plan.content,
    'Plan: a Mountains trip from 2026-05-14 for €2000, with Hiking and Food (moderate trails).',
  );
}
await db.close();
console.log('\nThe feedback demo behaved as described.');
