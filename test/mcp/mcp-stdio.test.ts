import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { RunConflictError } from '../../src/errors/run-conflict-error.js';
import { MCPTools, type MCPToolsOptions, mcpTools } from '../../src/mcp/index.js';
import { callingModel, notesStdioTransport, readEffects } from '../helpers/mcp-notes.js';

const directory = mkdtempSync(join(tmpdir(), 'countersign-mcp-'));
let counter = 0;
const opened: MCPTools[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((toolkit) => toolkit.close()));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function files() {
  counter += 1;
  return { effects: join(directory, `effects-${counter}.jsonl`), db: join(directory, `runs-${counter}.db`) };
}

/** Starts the notes server as a child process and connects to it. */
async function connect(effects: string, options: Omit<MCPToolsOptions, 'transport'> = {}): Promise<MCPTools> {
  const toolkit = await mcpTools({ transport: notesStdioTransport(effects), ...options });
  opened.push(toolkit);
  return toolkit;
}

async function sqlite(file: string): Promise<SqliteDb> {
  const db = new SqliteDb({ dbFile: file });
  await db.migrate();
  return db;
}

describe('MCPTools over stdio', () => {
  it('wraps the server tools: reads run at once, a gated write pauses and runs once after the confirmation', async () => {
    const paths = files();
    const db = await sqlite(paths.db);
    const notes = await connect(paths.effects, { requiresConfirmation: ['write_note'] });
    expect(notes.name).toBe('notes');
    expect(notes.tools.map((entry) => [entry.name, entry.pauseLane])).toEqual([
      ['read_note', null],
      ['write_note', 'confirmation'],
      ['notes_count', null],
      ['book_table', null],
    ]);
    const model = callingModel([
      { toolName: 'read_note', args: { id: 'welcome' } },
      { toolName: 'notes_count' },
      { toolName: 'write_note', args: { id: 'todo', text: 'buy milk' } },
    ]);
    const agent = new Agent({ id: 'notes-agent', model, tools: [notes], db });
    const run = await agent.run('read, count, then write', { userId: 'ana' });

    expect(run.status).toBe('paused');
    expect(run.content).toBe('I need your confirmation to run write_note.');
    expect(run.activeRequirements[0]?.toolArgs).toEqual({ id: 'todo', text: 'buy milk' });
    expect(readEffects(paths.effects)).toEqual([]);

    // The run is continued by another agent over a new connection (a new server process), as it
    // would be in another process days later.
    await notes.close();
    const again = await connect(paths.effects, { requiresConfirmation: ['write_note'] });
    const other = new Agent({ id: 'notes-agent', model, tools: [again], db: await sqlite(paths.db) });
    const paused = await other.getRun(run.runId);
    paused?.requirements[0]?.confirm();
    const done = await other.continueRun({ runId: run.runId, requirements: paused?.requirements });

    expect(done.content).toBe(
      'read_note: Hello from the notes server | notes_count: {"count":1} | write_note: Saved todo',
    );
    expect(readEffects(paths.effects)).toEqual([
      { tool: 'write_note', id: 'todo', text: 'buy milk', key: `${run.runId}:call_0_2` },
    ]);
    await expect(other.continueRun({ runId: run.runId, requirements: paused?.requirements })).rejects.toThrow(
      RunConflictError,
    );
    expect(readEffects(paths.effects)).toHaveLength(1);
  });

  it('gates by a rule over all tools and puts named tools under an admin approval', async () => {
    const paths = files();
    const db = await sqlite(paths.db);
    const notes = await connect(paths.effects, {
      requiresConfirmation: (_name, entry) => entry.annotations?.readOnlyHint !== true,
      approval: { write_note: { approverRole: 'editor' } },
    });
    expect(notes.tools.map((entry) => [entry.name, entry.pauseLane, entry.approval?.approverRole])).toEqual([
      ['read_note', null, undefined],
      ['write_note', 'confirmation', 'editor'],
      ['notes_count', null, undefined],
      ['book_table', 'confirmation', undefined],
    ]);
    const model = callingModel([{ toolName: 'write_note', args: { id: 'a', text: 'b' } }]);
    const agent = new Agent({ id: 'notes-agent', model, tools: [notes], db });
    const run = await agent.run('write a note', { userId: 'ana' });
    const { items } = await db.getApprovals({ status: 'pending' });
    expect(items.map((record) => [record.toolName, record.approverRole, record.toolArgs])).toEqual([
      ['write_note', 'editor', { id: 'a', text: 'b' }],
    ]);
    run.requirements[0]?.confirm();
    await db.updateApproval(items[0]?.id as string, {
      expectedStatus: 'pending',
      status: 'approved',
      resolvedBy: 'bob',
      resolvedByRoles: ['editor'],
      resolvedAt: Math.floor(Date.now() / 1000),
    });
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.content).toBe('write_note: Saved a');
    expect(readEffects(paths.effects)).toHaveLength(1);
  });

  it('refuses rules that name tools the server does not have, so a typo never leaves a write ungated', async () => {
    const paths = files();
    const attempt = (options: Omit<MCPToolsOptions, 'transport'>) => {
      const toolkit = new MCPTools({ transport: notesStdioTransport(paths.effects), ...options });
      opened.push(toolkit);
      return toolkit.connect();
    };
    await expect(attempt({ requiresConfirmation: ['write_notes'] })).rejects.toThrow(
      /requiresConfirmation names write_notes, which the server does not have \(tools: read_note, write_note, notes\.count, book_table\)/,
    );
    await expect(attempt({ approval: { delete_note: {} } })).rejects.toThrow(ConfigurationError);
    const only = await connect(paths.effects, { include: ['read_note'], prefix: 'n_' });
    expect(only.tools.map((entry) => entry.name)).toEqual(['n_read_note']);
    expect(() => new MCPTools({ transport: notesStdioTransport(paths.effects) }).tools).toThrow(
      /is not connected/,
    );
  });

  it('turns an elicitation into a user-input pause and answers it when the call is issued again', async () => {
    const paths = files();
    const db = await sqlite(paths.db);
    const notes = await connect(paths.effects);
    const model = callingModel([{ toolName: 'book_table', args: { restaurant: 'Chez Anne' } }]);
    const agent = new Agent({ id: 'notes-agent', model, tools: [notes], db });
    const run = await agent.run('book a table', { userId: 'ana' });

    expect(run.status).toBe('paused');
    expect(run.content).toBe(
      'book_table needs some information from you (date, guests, seating, notes): Booking at Chez Anne: when, for how many, where?',
    );
    const [requirement] = run.activeRequirements;
    expect(requirement?.kind).toBe('user_input');
    expect(requirement?.userInputSchema).toEqual([
      { name: 'date', type: 'string', description: 'Day of the visit (YYYY-MM-DD)' },
      { name: 'guests', type: 'integer', description: 'Guests' },
      {
        name: 'seating',
        type: 'string',
        options: [
          { label: 'inside', description: 'Inside' },
          { label: 'terrace', description: 'On the terrace' },
        ],
      },
      { name: 'notes', type: 'string', description: 'Anything else', optional: true },
    ]);
    // The server was told "cancel" at once; nothing was booked.
    expect(readEffects(paths.effects)).toEqual([{ tool: 'book_table', action: 'cancel' }]);
    expect(() => requirement?.provideUserInput({ seating: 'roof' })).toThrow(
      /seating has unknown option "roof"/,
    );

    // 13 guests breaks the server's own schema: the call pauses again and says why.
    requirement?.provideUserInput({ date: '2030-05-01', guests: 13, seating: 'terrace', notes: null });
    const refused = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(refused.status).toBe('paused');
    expect(refused.content).toMatch(/the last answer was refused: .*guests/);
    expect(refused.activeRequirements[0]?.inputRequest?.attempt).toBe(2);

    refused.activeRequirements[0]?.provideUserInput({
      date: '2030-05-01',
      guests: 4,
      seating: 'terrace',
      notes: null,
    });
    const done = await agent.continueRun({ runId: run.runId, requirements: refused.requirements });
    expect(done.content).toBe('book_table: Booked Chez Anne on 2030-05-01 for 4, terrace');
    expect(readEffects(paths.effects)).toEqual([
      { tool: 'book_table', action: 'cancel' },
      { tool: 'book_table', action: 'cancel' },
      { tool: 'book_table', action: 'accept', date: '2030-05-01', guests: 4, seating: 'terrace' },
    ]);
  });

  it('asks after the confirmation of a gated tool, and never calls again when the user declines', async () => {
    const paths = files();
    const db = await sqlite(paths.db);
    const notes = await connect(paths.effects, { requiresConfirmation: ['book_table'] });
    const model = callingModel([{ toolName: 'book_table', args: { restaurant: 'Chez Anne' } }]);
    const agent = new Agent({ id: 'notes-agent', model, tools: [notes], db });
    const run = await agent.run('book a table', { userId: 'ana' });
    run.requirements[0]?.confirm();
    const asked = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(asked.activeRequirements[0]?.needsUserInput).toBe(true);
    asked.activeRequirements[0]?.reject('not this week');
    const done = await agent.continueRun({ runId: run.runId, requirements: asked.requirements });

    expect(done.content).toBe('book_table: Rejected by the user: not this week');
    expect(readEffects(paths.effects)).toEqual([{ tool: 'book_table', action: 'cancel' }]);
    const journal = await db.listToolExecutions(run.runId);
    expect(journal.map((row) => [row.toolCallId, row.status])).toEqual([['call_0_0', 'completed']]);
  });
});
