import { describe, expect, it } from 'vitest';
import { InMemoryDb } from '../db/memory/in-memory-db.js';
import { makeLegSpans } from '../testing/store-conformance/make-trace-spans.js';
import type { SpanRecord } from './span-record.js';
import { MAX_BUFFERED_SPANS, SpanWriter } from './span-writer.js';

/** An in-memory store that records each `saveSpans` batch. */
class CountingDb extends InMemoryDb {
  readonly batches: SpanRecord[][] = [];
  override async saveSpans(spans: readonly SpanRecord[]): Promise<void> {
    this.batches.push([...spans]);
    await super.saveSpans(spans);
  }
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));
const ignore = () => {};

describe('SpanWriter', () => {
  it('writes the legs that end in one tick as one batch on the next tick', async () => {
    const db = new CountingDb();
    const writer = SpanWriter.of(db);
    expect(SpanWriter.of(db)).toBe(writer);
    const legs = [makeLegSpans(), makeLegSpans(), makeLegSpans()];
    for (const leg of legs) await writer.add(leg, ignore);
    expect(db.batches).toEqual([]);
    await nextTick();
    await writer.flush();
    expect(db.batches).toHaveLength(1);
    expect(db.batches[0]).toHaveLength(9);
    expect((await db.listTraces()).items).toHaveLength(3);
  });

  it('makes the leg that fills the buffer wait for the write', async () => {
    const db = new CountingDb();
    const writer = SpanWriter.of(db);
    let queued = 0;
    while (queued + 3 < MAX_BUFFERED_SPANS) {
      await writer.add(makeLegSpans(), ignore);
      queued += 3;
    }
    expect(db.batches).toEqual([]);
    await writer.add(makeLegSpans(), ignore);
    expect(db.batches).toHaveLength(1);
    expect(db.batches[0]).toHaveLength(queued + 3);
  });

  it('reports a failed batch to the handlers of its legs and goes on with the next', async () => {
    const db = new CountingDb();
    const writer = SpanWriter.of(db);
    const errors: string[] = [];
    const broken = { ...(makeLegSpans()[0] as SpanRecord), traceId: 'not a trace id' };
    await writer.add([broken], (error) => errors.push(`first: ${(error as Error).name}`));
    await writer.add(makeLegSpans(), (error) => errors.push(`second: ${(error as Error).name}`));
    await writer.flush();
    expect(errors.sort()).toEqual(['first: ValidationError', 'second: ValidationError']);
    const fine = makeLegSpans();
    await writer.add(fine, () => {
      throw new Error('a handler that throws is ignored');
    });
    await writer.flush();
    expect((await db.getTrace(fine[0]?.traceId as string))?.spans).toHaveLength(3);
  });
});
