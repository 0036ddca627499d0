import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, and prints no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 0, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,1,{"y":null,"z":0}]},"b":1}',
    );
  });

  it('gives one text for values equal as JSON, whatever their key order', () => {
    const left = { amount: 12.5, tags: ['a', 'b'], nested: { x: true, y: false } };
    const right = JSON.parse('{"nested":{"y":false,"x":true},"tags":["a","b"],"amount":12.5}');
    expect(canonicalJson(left)).toBe(canonicalJson(right));
  });

  it('sorts keys by UTF-16 code units, integer-like keys included', () => {
    expect(canonicalJson({ b: 1, '10': 2, '2': 3, A: 4, é: 5, '😀': 6, ﬀ: 7 })).toBe(
      '{"10":2,"2":3,"A":4,"b":1,"é":5,"😀":6,"ﬀ":7}',
    );
  });

  it('prints strings and numbers as JSON.stringify does', () => {
    expect(canonicalJson(['line\nbreak "quoted" \\ \u0001 ü 🧾', 1e21, 0.1, -0, 1.5e-7, 42])).toBe(
      JSON.stringify(['line\nbreak "quoted" \\ \u0001 ü 🧾', 1e21, 0.1, -0, 1.5e-7, 42]),
    );
  });

  it('drops undefined fields, turns undefined in arrays into null, and honours toJSON', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(canonicalJson({ a: undefined, b: [undefined, () => 1], at, f: () => 1 })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z","b":[null,null]}',
    );
    expect(canonicalJson(JSON.parse(canonicalJson({ at, list: [1, undefined] })))).toBe(
      canonicalJson({ at, list: [1, undefined] }),
    );
  });

  it('rejects non-finite numbers, bigints and cycles instead of hiding them', () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(/amount/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('repeats a shared (non-cyclic) object', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('sha256Hex', () => {
  it('hashes the UTF-8 bytes of a text as 64 hex digits', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('ü')).toMatch(/^[0-9a-f]{64}$/);
  });
});
