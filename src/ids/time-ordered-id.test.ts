import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function millisecondsOf(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('timeOrderedId', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is a UUID version 7 carrying the current Unix milliseconds', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisecondsOf(id)).toBeLessThanOrEqual(after + 1);
  });

  it('sorts in the order the ids were made, within a millisecond and past 4,096 of them', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2031, 0, 1));
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('keeps the order when the clock steps back', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2032, 5, 1, 12));
    const first = timeOrderedId();
    now.mockReturnValue(Date.UTC(2032, 5, 1, 11));
    const second = timeOrderedId();
    expect(second > first).toBe(true);
    expect(millisecondsOf(second)).toBe(millisecondsOf(first));
  });

  it('draws fresh random bits for every id', () => {
    const tails = new Set(Array.from({ length: 2_000 }, () => timeOrderedId().slice(19)));
    expect(tails.size).toBe(2_000);
  });
});
