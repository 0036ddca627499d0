import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryDb } from '../../db/memory/in-memory-db.js';
import type { Logger } from '../logger.js';
import { UnauthenticatedRefusals } from './unauthenticated-refusals.js';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

async function entries(db: InMemoryDb) {
  return (await db.listAudit({ limit: 1000 })).items.map((entry) => entry.data);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('UnauthenticatedRefusals', () => {
  it('writes the first refusal of a route and reason at once, and counts the repeats into one entry', async () => {
    const db = new InMemoryDb();
    const refusals = new UnauthenticatedRefusals({ db, logger: quiet });
    const refusal = { attempted: 'GET /approvals', reason: 'missing' };
    await refusals.record(refusal);
    expect(await entries(db)).toEqual([{ ...refusal, via: 'anonymous', count: 1 }]);
    for (let index = 0; index < 99; index += 1) await refusals.record(refusal);
    await refusals.record({ attempted: 'GET /approvals', reason: 'invalid-token' });
    expect(await entries(db)).toHaveLength(2);
    await refusals.flush();
    const written = await entries(db);
    expect(written).toHaveLength(3);
    expect(written[2]).toMatchObject({ ...refusal, count: 99, repeated: true });
  });

  it('closes a window after its length, so later refusals open a new one', async () => {
    vi.useFakeTimers();
    const db = new InMemoryDb();
    const refusals = new UnauthenticatedRefusals({ db, logger: quiet, windowMs: 1_000 });
    const refusal = { attempted: 'POST /approvals/{approvalId}/resolve', reason: 'invalid-token' };
    await refusals.record(refusal);
    await refusals.record(refusal);
    await refusals.record(refusal);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await entries(db)).map((data) => data?.count)).toEqual([1, 2]);
    await refusals.record(refusal);
    expect((await entries(db)).map((data) => data?.count)).toEqual([1, 2, 1]);
    await refusals.flush();
    expect(await entries(db)).toHaveLength(3);
  });

  it('logs a failed write instead of failing the refusal', async () => {
    const db = new InMemoryDb();
    await db.close();
    const lines: string[] = [];
    const refusals = new UnauthenticatedRefusals({
      db,
      logger: { ...quiet, error: (message) => lines.push(message) },
    });
    await refusals.record({ attempted: 'GET /runs', reason: 'missing' });
    expect(lines.join('\n')).toContain('could not write the access-denied audit entry of a 401 (GET /runs)');
  });
});
