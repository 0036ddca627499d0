import { describe, expect, it } from 'vitest';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { RequirementUnresolvedError } from '../errors/requirement-unresolved-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { RequirementData } from '../run/run-document.js';
import { DELEGATION_TOOL_NAME } from '../team/delegation.js';
import { Team } from '../team/team.js';
import { ScriptedModel, type ScriptedTurn } from '../testing/scripted-model.js';
import { UserFeedbackTools } from './user-feedback-tools.js';

const questions = [
  {
    question: 'What kind of trip do you want?',
    header: 'Trip',
    options: [{ label: 'Beach', description: 'Sun and sea' }, { label: 'Mountains' }, { label: 'City' }],
  },
  {
    question: 'What do you want to do there?',
    header: 'Activities',
    options: [{ label: 'Hiking' }, { label: 'Food' }, { label: 'Museums' }],
    multiSelect: true,
  },
];

/** Asks the questions, then says what the tool returned (or retries after an invalid call). */
function tripModel(first: ScriptedTurn = { toolCalls: [{ toolName: 'ask_user', args: { questions } }] }) {
  return new ScriptedModel((context) => {
    const last = context.lastToolResults[0];
    if (context.step === 0) return first;
    if (last?.isError) return { toolCalls: [{ toolName: 'ask_user', args: { questions } }] };
    return { text: `answers: ${last?.text}` };
  });
}

describe('UserFeedbackTools', () => {
  it('pauses with a user_feedback requirement that lists each question and its options', async () => {
    const model = tripModel();
    const agent = new Agent({ id: 'travel', model, tools: [new UserFeedbackTools()] });
    const run = await agent.run('Help me plan a trip', { userId: 'ana' });

    expect(run.status).toBe('paused');
    expect(run.content).toBe(
      'I have some questions for you: What kind of trip do you want? What do you want to do there?',
    );
    const [requirement] = run.activeRequirements;
    expect(requirement?.kind).toBe('user_feedback');
    expect(requirement?.needsUserInput).toBe(true);
    expect(requirement?.userInputSchema).toEqual([
      {
        name: 'Trip',
        type: 'string',
        question: 'What kind of trip do you want?',
        description: 'What kind of trip do you want?',
        options: [{ label: 'Beach', description: 'Sun and sea' }, { label: 'Mountains' }, { label: 'City' }],
      },
      {
        name: 'Activities',
        type: 'array',
        question: 'What do you want to do there?',
        description: 'What do you want to do there?',
        options: [{ label: 'Hiking' }, { label: 'Food' }, { label: 'Museums' }],
        multiple: true,
      },
    ]);
    // The toolkit's instructions reach the model in the system prompt.
    const system = model.calls[0]?.prompt[0];
    expect(system?.role).toBe('system');
    expect(String(system?.content)).toContain('`ask_user`');
  });

  it('refuses answers outside the options, naming the field, and keeps the requirement open', async () => {
    const agent = new Agent({ id: 'travel', model: tripModel(), tools: [new UserFeedbackTools()] });
    const run = await agent.run('Help me plan a trip');
    const requirement = run.activeRequirements[0];
    if (!requirement) throw new Error('expected a requirement');

    expect(() => requirement.provideUserInput({ Trip: 'Desert' })).toThrow(
      /Trip has unknown option "Desert" \(options: "Beach", "Mountains", "City"\)/,
    );
    expect(() => requirement.provideUserInput({ Trip: ['Beach'] })).toThrow(/Trip must be one option label/);
    expect(() => requirement.provideUserInput({ Activities: [] })).toThrow(
      /Activities must be a non-empty list of option labels/,
    );
    expect(() => requirement.provideUserInput({ Activities: ['Food', 'Shopping'] })).toThrow(
      /Activities has unknown option "Shopping"/,
    );
    expect(() => requirement.provideUserInput({ Activities: ['Food', 'Food'] })).toThrow(
      /Activities lists an option twice/,
    );
    let error: unknown;
    try {
      requirement.provideUserInput({ Budget: 'low' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'Budget', message: 'is not a field of ask_user (fields: Trip, Activities)' },
    ]);

    requirement.provideUserInput({ Trip: 'Beach' });
    expect(requirement.isResolved).toBe(false);
    await expect(agent.continueRun({ runId: run.runId, requirements: run.requirements })).rejects.toThrow(
      RequirementUnresolvedError,
    );
  });

  it('resumes with the choices, which reach the model as the tool result', async () => {
    const db = new InMemoryDb();
    const model = tripModel();
    const agent = new Agent({ id: 'travel', model, tools: [new UserFeedbackTools()], db });
    const run = await agent.run('Help me plan a trip', { userId: 'ana' });
    run.activeRequirements[0]?.provideUserInput({ Trip: 'Mountains', Activities: ['Hiking', 'Food'] });

    // Another instance (as in another process) continues from the stored run.
    const other = new Agent({ id: 'travel', model, tools: [new UserFeedbackTools()], db });
    const done = await other.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.status).toBe('completed');
    const expected = [
      { question: 'What kind of trip do you want?', header: 'Trip', selected: ['Mountains'] },
      { question: 'What do you want to do there?', header: 'Activities', selected: ['Hiking', 'Food'] },
    ];
    expect(done.content).toBe(`answers: ${JSON.stringify(expected)}`);
    expect(done.toolCalls[0]).toMatchObject({ toolName: 'ask_user', outcome: 'executed', result: expected });
  });

  it('takes the answers as plain requirement data (as an HTTP client sends them) and checks them', async () => {
    const db = new InMemoryDb();
    const agent = new Agent({ id: 'travel', model: tripModel(), tools: [new UserFeedbackTools()], db });
    const run = await agent.run('Help me plan a trip');
    const answered = (values: Record<string, unknown>): RequirementData[] =>
      run.requirements.map((requirement) => {
        const data = structuredClone(requirement.toJSON());
        for (const field of data.userInputSchema ?? []) field.value = values[field.name];
        return data;
      });

    await expect(
      agent.continueRun({ runId: run.runId, requirements: answered({ Trip: 'Moon', Activities: ['Food'] }) }),
    ).rejects.toThrow(/Trip has unknown option "Moon"/);
    expect((await agent.getRun(run.runId))?.status).toBe('paused');
    const done = await agent.continueRun({
      runId: run.runId,
      requirements: answered({ Trip: 'City', Activities: ['Museums'] }),
    });
    expect(done.content).toContain('"selected":["City"]');
  });

  it('sends a form with a repeated header or option back to the model, which asks again', async () => {
    const repeated = [questions[0], { ...questions[1], header: 'Trip' }];
    const model = tripModel({ toolCalls: [{ toolName: 'ask_user', args: { questions: repeated } }] });
    const agent = new Agent({ id: 'travel', model, tools: [new UserFeedbackTools()] });
    const run = await agent.run('Help me plan a trip');

    expect(run.status).toBe('paused');
    expect(run.toolCalls[0]).toMatchObject({ toolName: 'ask_user', outcome: 'invalid' });
    expect(String(run.toolCalls[0]?.result)).toMatch(
      /questions\.1\.header: repeats the header "Trip"; give each question its own header/,
    );
    expect(run.activeRequirements[0]?.userInputSchema?.map((field) => field.name)).toEqual([
      'Trip',
      'Activities',
    ]);
  });

  it('refuses a question with fewer than two options before anything pauses', async () => {
    const single = [{ question: 'Sure?', header: 'Sure', options: [{ label: 'Yes' }] }];
    const model = tripModel({ toolCalls: [{ toolName: 'ask_user', args: { questions: single } }] });
    const agent = new Agent({ id: 'travel', model, tools: [new UserFeedbackTools()] });
    const run = await agent.run('Help me plan a trip');
    expect(String(run.toolCalls[0]?.result)).toMatch(/Invalid arguments for ask_user: questions\.0\.options/);
  });

  it('leaves the system prompt alone with addInstructions: false and takes custom instructions', async () => {
    const quiet = new UserFeedbackTools({ addInstructions: false });
    expect(quiet.instructions).toBeUndefined();
    const model = tripModel();
    const agent = new Agent({ id: 'travel', model, instructions: 'Be brief.', tools: [quiet] });
    await agent.run('Help me plan a trip');
    expect(model.calls[0]?.prompt[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(new UserFeedbackTools({ instructions: 'Ask with options.' }).instructions).toBe(
      'Ask with options.',
    );
  });

  it('pauses a team when its member asks, and gives the member the choices on the team continue', async () => {
    const planner = new Agent({
      id: 'planner',
      description: 'Plans trips',
      model: tripModel(),
      tools: [new UserFeedbackTools()],
    });
    const leader = new ScriptedModel((context) =>
      context.step === 0
        ? {
            toolCalls: [
              { toolName: DELEGATION_TOOL_NAME, args: { memberId: 'planner', task: 'Plan a trip' } },
            ],
          }
        : { text: `Team: ${context.lastToolResults[0]?.text}` },
    );
    const team = new Team({ id: 'travel', model: leader, members: [planner], db: new InMemoryDb() });
    const run = await team.run('Plan my holiday');
    const [requirement] = run.activeRequirements;
    expect(requirement).toMatchObject({
      kind: 'user_feedback',
      toolName: 'ask_user',
      member: { agentId: 'planner' },
    });
    expect(() => requirement?.provideUserInput({ Trip: 'Space' })).toThrow(/unknown option "Space"/);
    requirement?.provideUserInput({ Trip: 'Beach', Activities: ['Food'] });
    const done = await team.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toContain('"selected":["Beach"]');
    expect(done.content).toMatch(/^Team: answers: /);
  });
});
