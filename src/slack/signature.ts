import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../errors/authentication-error.js';

/** How old (or how far in the future) a signed request may be: five minutes, as Slack advises. */
export const SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

/** What {@link verifySlackSignature} checks: the signing secret, the two headers and the raw body. */
export interface SignedRequest {
  signingSecret: string;
  /** The `X-Slack-Request-Timestamp` header (unix seconds). */
  timestamp: string | null | undefined;
  /** The `X-Slack-Signature` header (`v0=<hex>`). */
  signature: string | null | undefined;
  /** The request body exactly as received (its bytes, or the same as text), before any parsing. */
  body: string | Uint8Array;
  /** Unix seconds; defaults to now. */
  now?: number;
}

/** Slack's v0 signature of a body: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret. */
export function signSlackRequest(
  signingSecret: string,
  timestamp: string | number,
  body: string | Uint8Array,
): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:`);
  return `v0=${hmac.update(body).digest('hex')}`;
}

/**
 * Verifies a request from Slack: the timestamp must be within five minutes of now and the
 * signature must equal the v0 HMAC-SHA256 of the raw body (compared in constant time). Call it on
 * the raw body before parsing anything.
 *
 * @throws AuthenticationError (HTTP 401) with reason `missing`, `stale-request` or `invalid-signature`.
 */
export function verifySlackSignature(request: SignedRequest): void {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) {
    throw new AuthenticationError(
      'The request carries no Slack signature: X-Slack-Request-Timestamp and X-Slack-Signature are required.',
      'missing',
    );
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const now = request.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > SIGNATURE_MAX_AGE_SECONDS) {
    throw new AuthenticationError(
      `The Slack request timestamp ${JSON.stringify(timestamp).slice(0, 40)} is more than five minutes from the server's clock; ` +
        'stale requests are refused (check the server clock if this is a live request).',
      'stale-request',
    );
  }
  const expected = Buffer.from(signSlackRequest(request.signingSecret, timestamp, request.body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // Equal lengths first: timingSafeEqual throws on a length mismatch, and the length is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthenticationError(
      "The Slack signature does not match the request body; check the app's signing secret.",
      'invalid-signature',
    );
  }
}

/**
 * Remembers verified requests (signature and timestamp) for five minutes and refuses a second
 * delivery of the same one, so a captured request cannot be replayed while its timestamp is still
 * fresh. Only requests whose signature verified are recorded, so nobody without the signing secret
 * can fill it. Memory is per process: run one Slack interface per app, or accept that a replay to
 * another instance is caught by the approval's compare-and-set instead.
 */
export class ReplayGuard {
  /** Key -> expiry (unix seconds), in insertion order. */
  readonly #seen = new Map<string, number>();

  /**
   * Records a verified request.
   *
   * @throws AuthenticationError with reason `replayed-request` when it was seen within five minutes.
   */
  check(timestamp: string, signature: string, now: number = Math.floor(Date.now() / 1000)): void {
    this.#prune(now);
    const key = `${timestamp}:${signature}`;
    if (this.#seen.has(key)) {
      throw new AuthenticationError(
        'This Slack request was already received: replayed requests are refused.',
        'replayed-request',
      );
    }
    this.#seen.set(key, Number(timestamp) + SIGNATURE_MAX_AGE_SECONDS);
  }

  /** How many requests are remembered. */
  get size(): number {
    return this.#seen.size;
  }

  /**
   * Drops expired entries from the oldest on, stopping at the first live one: requests arrive
   * roughly in timestamp order, so this costs only what it drops. An expired entry kept behind a
   * live one is harmless: its timestamp is stale, so the signature check refuses it anyway.
   */
  #prune(now: number): void {
    for (const [key, expiresAt] of this.#seen) {
      if (expiresAt >= now) return;
      this.#seen.delete(key);
    }
  }
}
