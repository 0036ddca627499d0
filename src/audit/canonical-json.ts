import crypto from 'node:crypto';

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
  const text = serialize(value, [], '');
  if (text === undefined) throw new TypeError('canonicalJson: the value itself is not serializable as JSON.');
  return text;
}

/** Node's one-shot `crypto.hash` (20.12+) is about three times faster than a `Hash` object on short texts. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** SHA-256 of a text (UTF-8), as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  if (oneShotHash !== undefined) return oneShotHash('sha256', text, 'hex');
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The canonical JSON of an object with exactly the fields `keys` (already in canonical order,
 * checked by the caller's tests): the same text as {@link canonicalJson} without sorting, for a
 * hot record of known shape such as an audit entry.
 */
export function canonicalJsonOfFields(record: Record<string, unknown>, keys: readonly string[]): string {
  return serializeFields(record, keys, [record]);
}

/** `{"name":value,...}` of the named fields in the given order, leaving out undefined ones. */
function serializeFields(
  record: Record<string, unknown>,
  names: readonly string[],
  ancestors: object[],
): string {
  let text = '{';
  let first = true;
  for (const name of names) {
    const field = serialize(record[name], ancestors, name);
    if (field === undefined) continue;
    text += first ? `${JSON.stringify(name)}:${field}` : `,${JSON.stringify(name)}:${field}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * `ancestors` holds the objects being serialized above this one (a stack, not a set: documents
 * are shallow, and a short array scan beats hashing every object).
 */
function serialize(input: unknown, ancestors: object[], key: string): string | undefined {
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
  // Boxed primitives serialize as their primitive, as in JSON.stringify.
  if (object instanceof Number || object instanceof String || object instanceof Boolean) {
    return serialize(object.valueOf(), ancestors, key);
  }
  if (ancestors.includes(object))
    throw new TypeError(`canonicalJson: the value at '${key}' contains itself.`);
  ancestors.push(object);
  let text: string;
  if (Array.isArray(object)) {
    text = '[';
    for (let index = 0; index < object.length; index += 1) {
      if (index > 0) text += ',';
      text += serialize(object[index], ancestors, String(index)) ?? 'null';
    }
    text += ']';
  } else {
    const record = object as Record<string, unknown>;
    text = serializeFields(record, Object.keys(record).sort(), ancestors);
  }
  ancestors.pop();
  return text;
}
