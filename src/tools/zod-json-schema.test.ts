import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fastZodToJsonSchema } from './zod-json-schema.js';

function reference(schema: z.ZodType) {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const supported: Record<string, z.ZodType> = {
  plain: z.object({ serviceName: z.string() }),
  empty: z.object({}),
  described: z.object({ a: z.string().describe('the a'), b: z.number().optional() }).describe('top'),
  primitives: z.object({
    c: z.boolean().nullable(),
    d: z.enum(['x', 'y']),
    e: z.array(z.string()),
    f: z.literal('k'),
  }),
  literals: z.object({ n: z.literal(3), t: z.literal(true) }),
  nested: z.object({ o: z.object({ p: z.string(), q: z.array(z.object({ r: z.number() })) }).optional() }),
  nullableString: z.object({ s: z.string().nullable().describe('maybe') }),
};

const unsupported: Record<string, z.ZodType> = {
  checks: z.object({ n: z.number().int() }),
  minLength: z.object({ s: z.string().min(3) }),
  defaults: z.object({ g: z.number().default(3) }),
  record: z.object({ h: z.record(z.string(), z.unknown()) }),
  union: z.object({ u: z.union([z.string(), z.number()]) }),
  meta: z.object({ m: z.string().meta({ title: 'M' }) }),
  catchall: z.object({ a: z.string() }).catchall(z.string()),
  nullableObject: z.object({ o: z.object({ p: z.string() }).nullable() }),
  numericEnum: z.object({ e: z.enum({ A: 1, B: 2 } as never) }),
};

describe('fastZodToJsonSchema', () => {
  it.each(Object.entries(supported))('converts %s exactly as z.toJSONSchema does', (_name, schema) => {
    const fast = fastZodToJsonSchema(schema);
    expect(fast).toBeDefined();
    expect(fast).toEqual(reference(schema));
  });

  it.each(Object.entries(unsupported))('leaves %s to z.toJSONSchema', (_name, schema) => {
    expect(fastZodToJsonSchema(schema)).toBeUndefined();
  });
});
