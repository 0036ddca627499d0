import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';

/** restart is gated; the model calls it twice in a row, then answers. */
function setup() {
  const db = new InMemoryDb();
  const executions: string[] = [];
  const agent = () =>
    new Agent({
      id: 'ops',
      db,
      tools: [
        tool({
          name: 'restart',
          inputSchema: z.object({ service: z.string() }),
          requiresConfirmation: true,
          execute: ({ service }) => {
            executions.push(service);
            return `restarted ${service}`;
          },
        }),
      ],
      model: new ScriptedModel([
        { toolCalls: [{ toolName: 'restart', args: { service: 'a' } }] },
        { toolCalls: [{ toolName: 'restart', args: { service: 'b' } }] },
        { text: 'Done.' },
      ]),
    });
  return { db, executions, agent };
}

describe('continuing a run that getRun loaded', () => {
  it('claims it without reading the row again, and the caller deciding on it changes nothing stored', async () => {
    const { db, executions, agent } = setup();
    const run = await agent().run('restart a then b');
    const resumer = agent();
    const loaded = await resumer.getRun(run.runId);
    const reads = vi.spyOn(db, 'getRun');
    loaded?.activeRequirements[0]?.confirm();
    const next = await resumer.continueRun({ runId: run.runId, requirements: loaded?.requirements ?? [] });
    expect(reads).not.toHaveBeenCalled();
    expect(next.status).toBe('paused');
    expect(executions).toEqual(['a']);
  });

  it('decides on what is stored now when the run changed since it was loaded', async () => {
    const { executions, agent } = setup();
    const run = await agent().run('restart a then b');
    const stale = agent();
    await stale.getRun(run.runId);
    // Somebody else continues the first pause; the run pauses again on the second call.
    const other = agent();
    const first = await other.getRun(run.runId);
    first?.activeRequirements[0]?.confirm();
    const second = await other.continueRun({ runId: run.runId, requirements: first?.requirements ?? [] });
    second.activeRequirements[0]?.confirm();
    // The stale copy knows neither the new version nor the new requirement.
    const done = await stale.continueRun({ runId: run.runId, requirements: second.requirements });
    expect(done.status).toBe('completed');
    expect(executions).toEqual(['a', 'b']);
  });

  it('refuses the decisions of a pause the run has moved past, as without the copy, and runs nothing twice', async () => {
    const { executions, agent } = setup();
    const run = await agent().run('restart a then b');
    const late = agent();
    const loaded = await late.getRun(run.runId);
    const other = agent();
    const fresh = await other.getRun(run.runId);
    fresh?.activeRequirements[0]?.confirm();
    await other.continueRun({ runId: run.runId, requirements: fresh?.requirements ?? [] });
    loaded?.activeRequirements[0]?.confirm();
    await expect(
      late.continueRun({ runId: run.runId, requirements: loaded?.requirements ?? [] }),
    ).rejects.toThrow(ValidationError);
    expect(executions).toEqual(['a']);
  });

  it('answers RunConflictError for a run that finished since it was loaded', async () => {
    const { executions, agent } = setup();
    const run = await agent().run('restart a then b');
    const late = agent();
    const loaded = await late.getRun(run.runId);
    const other = agent();
    const first = await other.getRun(run.runId);
    first?.activeRequirements[0]?.confirm();
    const second = await other.continueRun({ runId: run.runId, requirements: first?.requirements ?? [] });
    second.activeRequirements[0]?.confirm();
    await other.continueRun({ runId: run.runId, requirements: second.requirements });
    loaded?.activeRequirements[0]?.confirm();
    await expect(
      late.continueRun({ runId: run.runId, requirements: loaded?.requirements ?? [] }),
    ).rejects.toBeInstanceOf(RunConflictError);
    expect(executions).toEqual(['a', 'b']);
  });
});
