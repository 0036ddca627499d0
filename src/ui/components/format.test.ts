import { describe, expect, it } from 'vitest';
import { compactJson, formatAge, formatTime, formatUntil, prettyJson, shortId } from './format.js';

describe('time formatting', () => {
  const now = 1_800_000_000;

  it('says how long ago, in the unit a person would use', () => {
    expect(formatAge(now - 2, now)).toBe('just now');
    expect(formatAge(now - 42, now)).toBe('42 s ago');
    expect(formatAge(now - 5 * 60, now)).toBe('5 min ago');
    expect(formatAge(now - (2 * 3600 + 15 * 60), now)).toBe('2 h 15 min ago');
    expect(formatAge(now - 30 * 3600, now)).toBe('30 h ago');
    expect(formatAge(now - 3 * 86_400, now)).toBe('3 d ago');
    expect(formatAge(now + 10, now)).toBe('just now');
  });

  it('says when an expiry comes or came', () => {
    expect(formatUntil(now + 24 * 3600, now)).toBe('in 24 h');
    expect(formatUntil(now + 24 * 3600 - 1, now)).toBe('in 24 h');
    expect(formatUntil(now - 90, now)).toBe('1 min ago');
  });

  it('prints times in UTC', () => {
    expect(formatTime(0)).toBe('1970-01-01 00:00:00 UTC');
  });
});

describe('value formatting', () => {
  it('indents JSON and keeps strings as they are', () => {
    expect(prettyJson({ amount: 250 })).toBe('{\n  "amount": 250\n}');
    expect(prettyJson('plain text')).toBe('plain text');
    expect(prettyJson(undefined)).toBe('undefined');
  });

  it('cuts long one-line JSON for tables', () => {
    expect(compactJson({ note: 'x'.repeat(200) }, 20)).toHaveLength(20);
    expect(compactJson({ note: 'x'.repeat(200) }, 20).endsWith('…')).toBe(true);
    expect(compactJson({ a: 1 })).toBe('{"a":1}');
  });

  it('shortens ids to their distinctive part', () => {
    expect(shortId('apr_99c8eb51-b3bd-429b')).toBe('99c8eb51');
    expect(shortId('09207b09-140a-4c5f')).toBe('09207b09');
  });
});
