import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../agent/agent.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { tool } from './tool.js';
import type { Toolkit } from './toolkit.js';

const lookup = tool({ name: 'lookup', inputSchema: z.object({ id: z.string() }), execute: () => 'found' });
const model = () => new ScriptedModel([{ text: 'ok' }]);

describe('toolkits in an agent', () => {
  it('adds the tools of each toolkit and appends its instructions to the system prompt', async () => {
    const kit: Toolkit = {
      kind: 'countersign-toolkit',
      name: 'kit',
      instructions: 'Use lookup for ids.',
      tools: [tool({ name: 'fetch', inputSchema: z.object({}), execute: () => 1 })],
    };
    const scripted = model();
    const agent = new Agent({ id: 'a', model: scripted, instructions: 'Be brief.', tools: [lookup, kit] });
    expect(agent.tools.map((entry) => entry.name)).toEqual(['lookup', 'fetch']);
    await agent.run('hi');
    expect(scripted.calls[0]?.prompt[0]).toEqual({
      role: 'system',
      content: 'Be brief.\n\nUse lookup for ids.',
    });
  });

  it('names the toolkit that cannot give its tools, and refuses a tool name used twice across toolkits', () => {
    const unconnected: Toolkit = {
      kind: 'countersign-toolkit',
      name: 'files',
      instructions: undefined,
      get tools(): never {
        throw new Error('not connected: await connect() first');
      },
    };
    expect(() => new Agent({ id: 'a', model: model(), tools: [unconnected] })).toThrow(
      'Agent a: toolkit files has no tools yet: not connected: await connect() first',
    );
    const twice: Toolkit = {
      kind: 'countersign-toolkit',
      name: 'dup',
      instructions: undefined,
      tools: [lookup],
    };
    expect(() => new Agent({ id: 'a', model: model(), tools: [lookup, twice] })).toThrow(
      /two tools named lookup/,
    );
  });
});
