import { describe, expect, it } from 'vitest';
import type { ServerEvent } from './event-bus.js';
import { decodeEnvelope, encodeEnvelope } from './event-envelope.js';

const completed: ServerEvent = {
  type: 'run-completed',
  runId: 'run_1',
  at: 1_790_000_000_000,
  content: 'Refunded $250 to ACME-123.',
  usage: { requests: 2, inputTokens: 10, outputTokens: 5, totalTokens: 15 },
};

describe('event envelopes', () => {
  it('sends an event that fits whole and reads it back', () => {
    const payload = encodeEnvelope({ origin: 'a', sequence: 7, event: completed }, 8_000);
    expect(payload).toBeDefined();
    expect(decodeEnvelope(payload as string)).toEqual({ origin: 'a', sequence: 7, event: completed });
  });

  it('leaves out the largest details of an event too large, and says which', () => {
    const event: ServerEvent = {
      type: 'tool-call-completed',
      runId: 'run_1',
      at: 1,
      toolCallId: 'call_1',
      toolName: 'lookup_customer',
      result: { rows: 'é'.repeat(3_000) },
    };
    const payload = encodeEnvelope({ origin: 'a', sequence: 1, event }, 1_000) as string;
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(1_000);
    expect(decodeEnvelope(payload)).toEqual({
      origin: 'a',
      sequence: 1,
      event: {
        type: 'tool-call-completed',
        runId: 'run_1',
        at: 1,
        toolCallId: 'call_1',
        toolName: 'lookup_customer',
      },
      omitted: ['result'],
    });
  });

  it('keeps the smaller details when dropping the largest is enough', () => {
    const event: ServerEvent = { ...completed, content: 'x'.repeat(2_000) };
    const envelope = decodeEnvelope(encodeEnvelope({ origin: 'a', sequence: 1, event }, 1_000) as string);
    expect(envelope?.omitted).toEqual(['content']);
    expect(envelope?.event).toMatchObject({ usage: completed.usage });
  });

  it('gives up on an event whose identifying fields alone do not fit', () => {
    const event: ServerEvent = { ...completed, runId: 'r'.repeat(2_000) };
    expect(encodeEnvelope({ origin: 'a', sequence: 1, event }, 1_000)).toBeUndefined();
  });

  it('ignores payloads that are not envelopes', () => {
    expect(decodeEnvelope('not json')).toBeUndefined();
    expect(decodeEnvelope('null')).toBeUndefined();
    expect(decodeEnvelope(JSON.stringify({ origin: 'a', sequence: 1 }))).toBeUndefined();
    expect(
      decodeEnvelope(JSON.stringify({ origin: 'a', sequence: 1, event: { type: 'run-completed' } })),
    ).toBeUndefined();
  });
});
