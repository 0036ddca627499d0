import { randomBytes } from 'node:crypto';

/** Random bytes drawn in blocks, so an id costs a slice of a buffer rather than a system call. */
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/**
 * A W3C trace id (32 lower-case hex digits) for a trace without an OpenTelemetry provider: the
 * unix time in milliseconds in the first 6 bytes, then 10 random bytes. The time prefix makes the
 * store's trace keys grow in order, so its indexes append instead of touching a random page per
 * trace; the random part keeps ids unique and unguessable (W3C Trace Context level 2 asks for the
 * right-most 7 bytes to be random).
 */
export function newTraceId(): string {
  return Date.now().toString(16).padStart(12, '0').slice(-12) + randomHex(10);
}

/** A W3C span id: 8 random bytes as 16 lower-case hex digits (never all zeros). */
export function newSpanId(): string {
  for (;;) {
    const id = randomHex(8);
    if (id !== '0000000000000000') return id;
  }
}
