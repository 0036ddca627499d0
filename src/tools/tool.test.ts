import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import { tool } from './tool.js';

const schema = z.object({
  summary: z.string(),
  description: z.string().describe('What happened'),
  priority: z.number().int(),
});

describe('tool()', () => {
  it('refuses two pause flags on one tool, naming them', () => {
    expect(() =>
      tool({
        name: 'x',
        inputSchema: schema,
        requiresConfirmation: true,
        externalExecution: true,
        execute: () => 1,
      }),
    ).toThrow(/requiresConfirmation and externalExecution/);
    expect(() =>
      tool({
        name: 'x',
        inputSchema: schema,
        requiresConfirmation: true,
        userInputFields: ['summary'],
        execute: () => 1,
      }),
    ).toThrow(ConfigurationError);
  });

  it('refuses invalid names, missing execute and unknown user-input fields', () => {
    expect(() => tool({ name: 'has space', inputSchema: schema, execute: () => 1 })).toThrow(
      /Tool name "has space" is invalid/,
    );
    expect(() => tool({ name: 'x', inputSchema: schema })).toThrow(/no execute function/);
    expect(() =>
      tool({ name: 'x', inputSchema: schema, userInputFields: ['nope'], execute: () => 1 }),
    ).toThrow(/userInputFields names nope/);
    expect(() => tool({ name: 'x', inputSchema: z.string() as never, execute: () => 1 })).toThrow(
      /must describe an object/,
    );
  });

  it('hides user-input fields from the model and implies requiresUserInput', () => {
    const ticket = tool({
      name: 'file_ticket',
      inputSchema: schema,
      userInputFields: ['description'],
      execute: () => 'ok',
    });
    expect(ticket.requiresUserInput).toBe(true);
    expect(ticket.pauseLane).toBe('user_input');
    expect(Object.keys(ticket.schema.modelSchema.properties ?? {})).toEqual(['summary', 'priority']);
    expect(ticket.schema.modelSchema.required).toEqual(['summary', 'priority']);
    expect(ticket.schema.validateModelArgs({ summary: 's', priority: 1 }).ok).toBe(true);
    expect(ticket.schema.validate({ summary: 's', priority: 1 }).ok).toBe(false);
  });

  it('treats requiresUserInput without a list as every field', () => {
    const ticket = tool({
      name: 'file_ticket',
      inputSchema: schema,
      requiresUserInput: true,
      execute: () => 'ok',
    });
    expect(ticket.userInputFields).toEqual(['summary', 'description', 'priority']);
    expect(ticket.schema.modelSchema.properties).toEqual({});
  });

  it('builds the form from the arguments with userInputSchema, hiding nothing from the model', () => {
    const ask = tool({
      name: 'ask',
      inputSchema: z.object({ topic: z.string() }),
      userInputSchema: ({ topic }) => [{ name: topic, type: 'string' }],
      pauseKind: 'user_feedback',
      userInputKey: 'answers',
      execute: () => 'ok',
    });
    expect(ask.requiresUserInput).toBe(true);
    expect(ask.pauseLane).toBe('user_feedback');
    expect(ask.userInputFields).toEqual([]);
    expect(ask.userInputKey).toBe('answers');
    expect(Object.keys(ask.schema.modelSchema.properties ?? {})).toEqual(['topic']);
  });

  it('refuses conflicting user-input options, naming the problem', () => {
    const form = () => [{ name: 'a', type: 'string' }];
    expect(() =>
      tool({
        name: 'x',
        inputSchema: schema,
        userInputFields: ['summary'],
        userInputSchema: form,
        execute: () => 1,
      }),
    ).toThrow(/both userInputFields and userInputSchema/);
    expect(() =>
      tool({
        name: 'x',
        inputSchema: schema,
        requiresConfirmation: true,
        userInputSchema: form,
        execute: () => 1,
      }),
    ).toThrow(/requiresConfirmation and requiresUserInput/);
    expect(() =>
      tool({ name: 'x', inputSchema: schema, pauseKind: 'user_feedback', execute: () => 1 }),
    ).toThrow(/pauseKind "user_feedback" needs a user-input tool/);
    expect(() =>
      tool({
        name: 'x',
        inputSchema: schema,
        userInputSchema: form,
        userInputKey: 'summary',
        execute: () => 1,
      }),
    ).toThrow(/userInputKey 'summary' is also an argument/);
  });

  it('accepts JSON Schema and validates with field paths', () => {
    const jsonTool = tool({
      name: 'set_limit',
      inputSchema: {
        type: 'object',
        properties: { account: { type: 'string' }, limit: { type: 'integer', minimum: 0 } },
        required: ['account', 'limit'],
        additionalProperties: false,
      },
      execute: () => 'ok',
    });
    const good = jsonTool.schema.validate({ account: 'a', limit: 3 });
    expect(good).toEqual({ ok: true, value: { account: 'a', limit: 3 } });
    const bad = jsonTool.schema.validate({ account: 'a', limit: -1, extra: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((issue) => issue.path).sort()).toEqual(['extra', 'limit']);
  });

  it('reports zod issues with their paths', () => {
    const result = tool({ name: 'x', inputSchema: schema, execute: () => 1 }).schema.validate({
      summary: 1,
      description: 'd',
      priority: 1.5,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toEqual(['summary', 'priority']);
  });
});
