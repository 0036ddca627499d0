import type { JSONSchema7 } from '@ai-sdk/provider';
import * as z from 'zod';

interface ZodNode {
  _zod: { def: { type: string; checks?: unknown[]; [key: string]: unknown } };
}

/**
 * Converts the common subset of zod 4 (objects, strings, numbers, booleans, enums, literals,
 * arrays, optional and nullable primitives, descriptions) straight to JSON Schema, or returns
 * `undefined` for anything else. `z.toJSONSchema` costs tens of microseconds per schema, paid
 * again for every tool an app builds per request; this walk costs about one. Its output equals
 * `z.toJSONSchema(schema, { io: 'input' })` without `$schema` (checked by `zod-json-schema.test.ts`).
 */
export function fastZodToJsonSchema(schema: z.ZodType): JSONSchema7 | undefined {
  return convert(schema as unknown as ZodNode);
}

function convert(node: ZodNode): JSONSchema7 | undefined {
  const def = node._zod.def;
  if (def.checks !== undefined && def.checks.length > 0) return undefined;
  const meta = z.globalRegistry.get(node as unknown as z.ZodType);
  let description: string | undefined;
  if (meta !== undefined) {
    for (const key of Object.keys(meta)) if (key !== 'description') return undefined;
    description = meta.description;
  }
  const result = convertType(def);
  if (result !== undefined && description !== undefined) result.description = description;
  return result;
}

function literalType(value: unknown): 'string' | 'number' | 'boolean' | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

function convertType(def: ZodNode['_zod']['def']): JSONSchema7 | undefined {
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return { type: def.type };
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return values.every((value) => typeof value === 'string')
        ? { type: 'string', enum: values as string[] }
        : undefined;
    }
    case 'literal': {
      const values = def.values as unknown[];
      const type = values.length === 1 ? literalType(values[0]) : undefined;
      return type === undefined ? undefined : { type, const: values[0] as string };
    }
    case 'array': {
      const items = convert(def.element as ZodNode);
      return items === undefined ? undefined : { type: 'array', items };
    }
    case 'nullable': {
      const inner = convert(def.innerType as ZodNode);
      if (inner === undefined || typeof inner.type !== 'string' || Object.keys(inner).length !== 1)
        return undefined;
      if (inner.type === 'object' || inner.type === 'array') return undefined;
      return { type: [inner.type, 'null'] };
    }
    case 'object': {
      if (def.catchall !== undefined) return undefined;
      const properties: Record<string, JSONSchema7> = {};
      const required: string[] = [];
      for (const [key, child] of Object.entries(def.shape as Record<string, ZodNode>)) {
        const childDef = child._zod.def;
        const optional = childDef.type === 'optional';
        if (optional && z.globalRegistry.get(child as unknown as z.ZodType) !== undefined) return undefined;
        const converted = convert(optional ? (childDef.innerType as ZodNode) : child);
        if (converted === undefined) return undefined;
        properties[key] = converted;
        if (!optional) required.push(key);
      }
      return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
    }
    default:
      return undefined;
  }
}
