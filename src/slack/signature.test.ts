import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../errors/authentication-error.js';
import { ReplayGuard, signSlackRequest, verifySlackSignature } from './signature.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
// The worked example of Slack's "Verifying requests from Slack" guide.
const body =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const now = 1_531_420_618;

function reasonOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return (error as AuthenticationError).reason;
  }
  return undefined;
}

describe('verifySlackSignature', () => {
  it("computes Slack's documented v0 signature and accepts it", () => {
    expect(signSlackRequest(secret, now, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
    const signature = signSlackRequest(secret, now, body);
    expect(
      reasonOf(() =>
        verifySlackSignature({ signingSecret: secret, timestamp: String(now), signature, body, now }),
      ),
    ).toBeUndefined();
    const bytes = new TextEncoder().encode(body);
    expect(
      reasonOf(() =>
        verifySlackSignature({ signingSecret: secret, timestamp: String(now), signature, body: bytes, now }),
      ),
    ).toBeUndefined();
  });

  it('refuses a forged signature, another secret, a changed body and a truncated signature', () => {
    const timestamp = String(now);
    const good = signSlackRequest(secret, now, body);
    const check = (signature: string, signedBody = body) =>
      reasonOf(() =>
        verifySlackSignature({ signingSecret: secret, timestamp, signature, body: signedBody, now }),
      );
    expect(check(signSlackRequest('another-secret', now, body))).toBe('invalid-signature');
    expect(check(good, `${body}&amount=10000`)).toBe('invalid-signature');
    expect(check(good.slice(0, -2))).toBe('invalid-signature');
    expect(check(`v1=${good.slice(3)}`)).toBe('invalid-signature');
    // The signature of another timestamp does not carry over.
    expect(check(signSlackRequest(secret, now - 1, body))).toBe('invalid-signature');
  });

  it('refuses requests more than five minutes old or ahead, and requests without the headers', () => {
    const signedAt = (timestamp: number) => signSlackRequest(secret, timestamp, body);
    const check = (timestamp: number) =>
      reasonOf(() =>
        verifySlackSignature({
          signingSecret: secret,
          timestamp: String(timestamp),
          signature: signedAt(timestamp),
          body,
          now,
        }),
      );
    expect(check(now - 300)).toBeUndefined();
    expect(check(now - 301)).toBe('stale-request');
    expect(check(now + 301)).toBe('stale-request');
    expect(
      reasonOf(() =>
        verifySlackSignature({ signingSecret: secret, timestamp: 'soon', signature: 'v0=00', body, now }),
      ),
    ).toBe('stale-request');
    expect(
      reasonOf(() =>
        verifySlackSignature({ signingSecret: secret, timestamp: null, signature: null, body, now }),
      ),
    ).toBe('missing');
  });
});

describe('ReplayGuard', () => {
  it('refuses the same signed request twice within five minutes and forgets it afterwards', () => {
    const guard = new ReplayGuard();
    const signature = signSlackRequest(secret, now, body);
    guard.check(String(now), signature, now);
    expect(reasonOf(() => guard.check(String(now), signature, now + 10))).toBe('replayed-request');
    // Another request of the same second is not a replay.
    guard.check(String(now), signSlackRequest(secret, now, `${body}&x=1`), now + 10);
    expect(guard.size).toBe(2);
    // Once the timestamp is stale the signature check refuses it anyway, so the guard lets it go.
    guard.check(String(now + 400), signSlackRequest(secret, now + 400, body), now + 400);
    expect(guard.size).toBe(1);
  });
});
