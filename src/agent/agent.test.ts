import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from '../tools/tool.js';
import { Agent } from './agent.js';

describe('smoke', () => {
  it('pauses and resumes', async () => {
    let executed = 0;
    const restart = tool({
      name: 'restart_service',
      inputSchema: z.object({ serviceName: z.string() }),
      requiresConfirmation: true,
      execute: ({ serviceName }) => {
        executed += 1;
        return `restarted ${serviceName}`;
      },
    });
    const model = new ScriptedModel([
      { toolCalls: [{ toolName: 'restart_service', args: { serviceName: 'billing' } }] },
      { text: 'Done.' },
    ]);
    const agent = new Agent({ id: 'ops', model, tools: [restart] });
    const run = await agent.run('Restart billing', { userId: 'u1' });
    expect(run.status).toBe('paused');
    expect(run.content).toBe('I need your confirmation to run restart_service.');
    expect(executed).toBe(0);
    run.activeRequirements[0]?.confirm();
    const done = await agent.continueRun({ runId: run.runId, requirements: run.requirements });
    expect(done.status).toBe('completed');
    expect(done.content).toBe('Done.');
    expect(executed).toBe(1);
    await expect(agent.continueRun({ runId: run.runId, requirements: run.requirements })).rejects.toThrow(/RunConflict|cannot be continued/);
  });
});
