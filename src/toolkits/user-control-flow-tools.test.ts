import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';
import { UserControlFlowTools } from './user-control-flow-tools.js';

const askForRecipient = {
  toolName: 'get_user_input',
  args: {
    userInputFields: [
      {
        fieldName: 'recipient',
        fieldType: 'string',
        fieldDescription: 'Email address to send the report to',
      },
      { fieldName: 'copies', fieldType: 'integer', fieldDescription: 'How many copies to attach' },
    ],
  },
};

function makeAgent(db = new InMemoryDb()) {
  const sent: unknown[] = [];
  const sendReport = tool({
    name: 'send_report',
    inputSchema: z.object({ recipient: z.string(), copies: z.number().int() }),
    execute: (args) => {
      sent.push(args);
      return 'sent';
    },
  });
  // The model asks for what it lacks, then uses the values the user gave in its next call.
  const model = new ScriptedModel((context) => {
    if (context.step === 0) return { toolCalls: [askForRecipient] };
    const last = context.lastToolResults[0];
    if (last?.toolName === 'get_user_input' && !last.isError) {
      const values = Object.fromEntries(
        (JSON.parse(last.text) as { name: string; value: unknown }[]).map((entry) => [
          entry.name,
          entry.value,
        ]),
      );
      return { toolCalls: [{ toolName: 'send_report', args: values }] };
    }
    return { text: `${last?.toolName}: ${last?.text}` };
  });
  const agent = new Agent({ id: 'reports', model, tools: [sendReport, new UserControlFlowTools()], db });
  return { agent, sent, model };
}

describe('UserControlFlowTools', () => {
  it('pauses with exactly the fields the model asked for, with their types and descriptions', async () => {
    const { agent, model } = makeAgent();
    const run = await agent.run('Send the Q3 report');
    expect(run.status).toBe('paused');
    expect(run.content).toBe('I need some information from you to run get_user_input: recipient, copies.');
    const [requirement] = run.activeRequirements;
    expect(requirement?.kind).toBe('user_input');
    expect(requirement?.userInputSchema).toEqual([
      { name: 'recipient', type: 'string', description: 'Email address to send the report to' },
      { name: 'copies', type: 'integer', description: 'How many copies to attach' },
    ]);
    expect(String(model.calls[0]?.prompt[0]?.content)).toContain('`get_user_input`');
    // The model sees every argument of the tool: the form is its own, nothing is hidden.
    const definition = model.calls[0]?.tools?.find((entry) => entry.name === 'get_user_input');
    expect(
      Object.keys((definition as { inputSchema: { properties: object } }).inputSchema.properties),
    ).toEqual(['userInputFields']);
  });

  it('checks each value against the type the model gave', async () => {
    const { agent } = makeAgent();
    const run = await agent.run('Send the Q3 report');
    const requirement = run.activeRequirements[0];
    expect(() => requirement?.provideUserInput({ copies: 1.5 })).toThrow(/copies must be of type integer/);
    expect(() => requirement?.provideUserInput({ recipient: 7 })).toThrow(/recipient must be of type string/);
    expect(() => requirement?.provideUserInput({ subject: 'x' })).toThrow(
      /subject is not a field of get_user_input/,
    );
  });

  it('returns the values to the model on continue, which then finishes its task with them', async () => {
    const db = new InMemoryDb();
    const { agent, sent } = makeAgent(db);
    const run = await agent.run('Send the Q3 report');
    run.activeRequirements[0]?.provideUserInput({ recipient: 'ana@example.com' });
    run.activeRequirements[0]?.provideUserInput({ copies: 2 });
    const { agent: other, sent: sentByOther } = makeAgent(db);
    const done = await other.continueRun({ runId: run.runId, requirements: run.requirements });

    expect(done.status).toBe('completed');
    expect(done.toolCalls.map((call) => [call.toolName, call.result])).toEqual([
      [
        'get_user_input',
        [
          { name: 'recipient', value: 'ana@example.com' },
          { name: 'copies', value: 2 },
        ],
      ],
      ['send_report', 'sent'],
    ]);
    expect(sentByOther).toEqual([{ recipient: 'ana@example.com', copies: 2 }]);
    expect(sent).toEqual([]);
  });

  it('sends a form that names a field twice back to the model', async () => {
    const repeated = {
      toolName: 'get_user_input',
      args: {
        userInputFields: [
          { fieldName: 'recipient', fieldType: 'string', fieldDescription: 'To' },
          { fieldName: 'recipient', fieldType: 'string', fieldDescription: 'Again' },
        ],
      },
    };
    const model = new ScriptedModel([{ toolCalls: [repeated] }, { text: 'I will ask differently.' }]);
    const agent = new Agent({ id: 'reports', model, tools: [new UserControlFlowTools()] });
    const run = await agent.run('Send the Q3 report');
    expect(run.status).toBe('completed');
    expect(run.toolCalls[0]?.outcome).toBe('invalid');
    expect(String(run.toolCalls[0]?.result)).toMatch(
      /userInputFields\.1\.fieldName: repeats the field "recipient"; ask for each field once/,
    );
  });

  it('lets the user decline: the model hears the reason and nothing is filled', async () => {
    const { agent, sent } = makeAgent();
    const run = await agent.run('Send the Q3 report');
    run.activeRequirements[0]?.reject('I will send it myself');
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('get_user_input: Rejected by the user: I will send it myself');
    expect(sent).toEqual([]);
  });
});
