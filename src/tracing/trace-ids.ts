import { randomBytes } from 'node:crypto';

/** Random bytes drawn in blocks, so an id costs a slice of a buffer rather than a system call. */
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(length: number): string {
  for (;;) {
    if (offset + length > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const hex = pool.toString('hex', offset, offset + length);
    offset += length;
    // All zeros is the W3C "invalid" id; draw again (a chance of 2^-64 at worst).
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** A W3C trace id: 16 random bytes as 32 lower-case hex digits. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A W3C span id: 8 random bytes as 16 lower-case hex digits. */
export function newSpanId(): string {
  return randomHex(8);
}
