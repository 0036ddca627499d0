import { createHash } from 'node:crypto';

/**
 * Serializes a value as canonical JSON: object keys sorted (by UTF-16 code units, as RFC 8785
 * does), no whitespace, arrays in order, numbers and strings as `JSON.stringify` prints them.
 * Everything else follows `JSON.stringify`, so parsing the text and serializing it again gives
 * the same text: `toJSON()` is honoured (a `Date` becomes its ISO string), object fields whose
 * value is `undefined`, a function or a symbol are dropped, and in arrays they become `null`.
 *
 * Two values that are equal as JSON always give the same text, whatever order their keys were
 * written in, which is what makes a hash over it stable across stores (PostgreSQL `jsonb`
 * reorders keys) and languages.
 *
 * @throws TypeError for a number that is not finite (`NaN`, `Infinity`), a `bigint`, or a cycle:
 * `JSON.stringify` would silently turn the first into `null`, and a hash must not hide that.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null, 'x'] }); // '{"a":[true,null,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, new Set(), '');
  if (text === undefined) throw new TypeError('canonicalJson: the value itself is not serializable as JSON.');
  return text;
}

/** SHA-256 of a text (UTF-8), as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function serialize(input: unknown, ancestors: Set<object>, key: string): string | undefined {
  let value = input;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${String(value)} at '${key}' is not a finite number.`);
      }
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError(`canonicalJson: the bigint at '${key}' has no JSON form.`);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError(`canonicalJson: the value at '${key}' contains itself.`);
  ancestors.add(object);
  let text: string;
  if (Array.isArray(object)) {
    const items = object.map((item, index) => serialize(item, ancestors, String(index)) ?? 'null');
    text = `[${items.join(',')}]`;
  } else {
    // Boxed primitives serialize as their primitive, as in JSON.stringify.
    if (object instanceof Number || object instanceof String || object instanceof Boolean) {
      ancestors.delete(object);
      return serialize(object.valueOf(), ancestors, key);
    }
    const record = object as Record<string, unknown>;
    const fields: string[] = [];
    for (const name of Object.keys(record).sort()) {
      const field = serialize(record[name], ancestors, name);
      if (field !== undefined) fields.push(`${JSON.stringify(name)}:${field}`);
    }
    text = `{${fields.join(',')}}`;
  }
  ancestors.delete(object);
  return text;
}
