import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { InMemoryDb } from '../../src/db/memory/in-memory-db.js';
import { type MCPTools, mcpTools } from '../../src/mcp/index.js';
import { callingModel, readEffects, startNotesHttpServer } from '../helpers/mcp-notes.js';

const directory = mkdtempSync(join(tmpdir(), 'countersign-mcp-http-'));
const effects = join(directory, 'effects.jsonl');
let server: Awaited<ReturnType<typeof startNotesHttpServer>>;
const opened: MCPTools[] = [];

beforeAll(async () => {
  server = await startNotesHttpServer(effects);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((toolkit) => toolkit.close()));
  rmSync(effects, { force: true });
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

async function connect(options: Parameters<typeof mcpTools>[0]): Promise<MCPTools> {
  const toolkit = await mcpTools(options);
  opened.push(toolkit);
  return toolkit;
}

describe('MCPTools over streamable HTTP', () => {
  it('pauses a wrapped write tool and runs it once the user confirmed, over a new session', async () => {
    const db = new InMemoryDb();
    const model = callingModel([{ toolName: 'write_note', args: { id: 'plan', text: 'ship it' } }]);
    const first = await connect({
      transport: new StreamableHTTPClientTransport(server.url),
      requiresConfirmation: ['write_note'],
    });
    const run = await new Agent({ id: 'notes-agent', model, tools: [first], db }).run('write the plan');
    expect(run.activeRequirements.map((requirement) => requirement.kind)).toEqual(['confirmation']);
    expect(readEffects(effects)).toEqual([]);

    const second = await connect({
      transport: new StreamableHTTPClientTransport(server.url),
      requiresConfirmation: ['write_note'],
    });
    run.requirements[0]?.confirm();
    const agent = new Agent({ id: 'notes-agent', model, tools: [second], db });
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('write_note: Saved plan');
    expect(readEffects(effects)).toEqual([
      { tool: 'write_note', id: 'plan', text: 'ship it', key: `${run.runId}:call_0_0` },
    ]);
  });

  it('turns an elicitation into a user_input requirement and completes the call with the answers', async () => {
    const client = new Client({ name: 'my-app', version: '1.0.0' });
    const notes = await connect({ client, transport: new StreamableHTTPClientTransport(server.url) });
    const model = callingModel([
      { toolName: 'read_note', args: { id: 'welcome' } },
      { toolName: 'book_table', args: { restaurant: 'Luigi' } },
    ]);
    const agent = new Agent({ id: 'notes-agent', model, tools: [notes] });
    const run = await agent.run('book at Luigi');

    expect(run.status).toBe('paused');
    expect(run.toolCalls.map((call) => call.toolName)).toEqual(['read_note']);
    const [requirement] = run.activeRequirements;
    expect(requirement?.inputRequest?.message).toBe('Booking at Luigi: when, for how many, where?');
    expect(requirement?.userInputSchema?.map((field) => field.name)).toEqual([
      'date',
      'guests',
      'seating',
      'notes',
    ]);
    requirement?.provideUserInput({
      date: '2030-06-02',
      guests: 2,
      seating: 'inside',
      notes: 'window table',
    });
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });

    expect(done.content).toBe(
      'read_note: Hello from the notes server | book_table: Booked Luigi on 2030-06-02 for 2, inside',
    );
    expect(readEffects(effects)).toEqual([
      { tool: 'book_table', action: 'cancel' },
      {
        tool: 'book_table',
        action: 'accept',
        date: '2030-06-02',
        guests: 2,
        seating: 'inside',
        notes: 'window table',
      },
    ]);
    // The client was passed in, so it stays the caller's to close.
    await client.close();
  });

  it('with elicitation off, does not advertise it: the server cannot ask, and the model hears its error', async () => {
    const notes = await connect({
      transport: new StreamableHTTPClientTransport(server.url),
      elicitation: false,
    });
    const model = callingModel([{ toolName: 'book_table', args: { restaurant: 'Luigi' } }]);
    const run = await new Agent({ id: 'notes-agent', model, tools: [notes] }).run('book at Luigi');
    expect(run.status).toBe('completed');
    expect(run.toolCalls[0]).toMatchObject({ toolName: 'book_table', outcome: 'failed', isError: true });
    expect(run.content).toMatch(/book_table: Error: .*does not support form elicitation/);
    expect(readEffects(effects)).toEqual([]);
  });
});
