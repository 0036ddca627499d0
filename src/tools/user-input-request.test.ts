import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { type ToolExecuteContext, tool } from './tool.js';
import { requestUserInput } from './user-input-request.js';

/** A door that needs a PIN it asks the user for, and on some doors a second code too. */
function makeDoor(options: { requiresConfirmation?: boolean } = {}) {
  const opened: { door: string; userInput: unknown }[] = [];
  const attempts: ToolExecuteContext['userInput'][] = [];
  const openDoor = tool({
    name: 'open_door',
    inputSchema: z.object({ door: z.string() }),
    ...(options.requiresConfirmation ? { requiresConfirmation: true } : {}),
    execute: ({ door }, context: ToolExecuteContext) => {
      attempts.push(context.userInput);
      const [pin, code] = (context.userInput ?? []).map((answer) => answer.values);
      if (pin === undefined)
        return requestUserInput({ fields: [{ name: 'pin', type: 'string' }], message: `The PIN of ${door}` });
      if (door === 'vault' && code === undefined)
        return requestUserInput({
          fields: [{ name: 'code', type: 'integer', description: 'The vault code' }],
        });
      opened.push({ door, userInput: context.userInput });
      return `${door} open`;
    },
  });
  return { openDoor, opened, attempts };
}

function doorModel(door: string) {
  return new ScriptedModel((context) =>
    context.step === 0
      ? { toolCalls: [{ toolName: 'open_door', args: { door } }] }
      : { text: context.lastToolResults.map((result) => result.text).join(' | ') },
  );
}

describe('requestUserInput: a tool that asks for input while it runs', () => {
  it('pauses the call with a user_input requirement, then issues it again with the answer', async () => {
    const db = new InMemoryDb();
    const { openDoor, opened, attempts } = makeDoor();
    const agent = new Agent({ id: 'doors', model: doorModel('lab'), tools: [openDoor], db });
    const run = await agent.run('open the lab', { userId: 'ana' });

    expect(run.status).toBe('paused');
    expect(run.content).toBe('open_door needs some information from you (pin): The PIN of lab');
    const [requirement] = run.activeRequirements;
    expect(requirement).toMatchObject({
      kind: 'user_input',
      toolName: 'open_door',
      toolArgs: { door: 'lab' },
      userInputSchema: [{ name: 'pin', type: 'string' }],
      inputRequest: { attempt: 1, message: 'The PIN of lab', answered: [] },
    });
    expect(run.toolCalls).toEqual([]);
    expect(opened).toEqual([]);

    requirement?.provideUserInput({ pin: '4711' });
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('lab open');
    const answer = { message: 'The PIN of lab', values: { pin: '4711' } };
    expect(opened).toEqual([{ door: 'lab', userInput: [answer] }]);
    expect(attempts).toEqual([undefined, [answer]]);
    // The repeat is journaled as its own attempt of the call.
    const journal = await db.listToolExecutions(run.runId);
    expect(journal.map((row) => [row.toolCallId, row.status, row.result])).toEqual([
      ['call_0_0#1', 'completed', 'lab open'],
    ]);
  });

  it('asks again as often as the tool needs, carrying every earlier answer, each attempt once', async () => {
    const db = new InMemoryDb();
    const { openDoor, opened } = makeDoor({ requiresConfirmation: true });
    const agent = new Agent({ id: 'doors', model: doorModel('vault'), tools: [openDoor], db });
    const run = await agent.run('open the vault', { userId: 'ana' });
    run.activeRequirements[0]?.confirm();

    const first = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(first.activeRequirements[0]?.inputRequest).toEqual({
      attempt: 1,
      message: 'The PIN of vault',
      answered: [],
    });
    first.activeRequirements[0]?.provideUserInput({ pin: '0000' });
    const second = await agent.continueRun({ runId: run.runId, requirements: first.requirements });
    expect(second.status).toBe('paused');
    expect(second.activeRequirements[0]).toMatchObject({
      userInputSchema: [{ name: 'code', type: 'integer', description: 'The vault code' }],
      inputRequest: { attempt: 2, answered: [{ message: 'The PIN of vault', values: { pin: '0000' } }] },
    });
    expect(second.content).toBe('I need some information from you to run open_door: code.');
    expect(() => second.activeRequirements[0]?.provideUserInput({ code: '12' })).toThrow(
      /code must be of type integer/,
    );
    second.activeRequirements[0]?.provideUserInput({ code: 12 });
    const done = await agent.continueRun({ runId: run.runId, requirements: second.requirements });

    expect(done.content).toBe('vault open');
    expect(opened).toEqual([
      {
        door: 'vault',
        userInput: [{ message: 'The PIN of vault', values: { pin: '0000' } }, { values: { code: 12 } }],
      },
    ]);
    const journal = await db.listToolExecutions(run.runId);
    expect(journal.map((row) => [row.toolCallId, row.status, row.isError])).toEqual([
      ['call_0_0', 'completed', true],
      ['call_0_0#1', 'completed', true],
      ['call_0_0#2', 'completed', false],
    ]);
    expect(journal[0]?.result).toEqual({ askedForInput: ['pin'], message: 'The PIN of vault' });
    await expect(agent.continueRun({ runId: run.runId, requirements: second.requirements })).rejects.toThrow(
      RunConflictError,
    );
    expect(opened).toHaveLength(1);
  });

  it('does not issue the call again when the user declines; the model hears why', async () => {
    const { openDoor, attempts } = makeDoor();
    const agent = new Agent({ id: 'doors', model: doorModel('lab'), tools: [openDoor] });
    const run = await agent.run('open the lab');
    run.activeRequirements[0]?.reject('I do not know it');
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('Rejected by the user: I do not know it');
    expect(attempts).toHaveLength(1);
  });

  it('turns an unusable form into a tool error instead of a pause', async () => {
    const broken = tool({
      name: 'open_door',
      inputSchema: z.object({ door: z.string() }),
      execute: () => requestUserInput({ fields: [] }),
    });
    const agent = new Agent({ id: 'doors', model: doorModel('lab'), tools: [broken] });
    const run = await agent.run('open the lab');
    expect(run.status).toBe('completed');
    expect(run.content).toBe(
      'Error: requestUserInput: the form is not usable: the form must have at least one field.',
    );
  });
});
