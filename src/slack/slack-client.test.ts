import { describe, expect, it } from 'vitest';
import { SlackApiError } from '../errors/slack-api-error.js';
import { SlackClient } from './slack-client.js';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

/** A scripted `fetch`: answers in order and records what was sent. */
function scriptedFetch(answers: Answer[]) {
  const requests: { url: string; headers: Headers; body: string }[] = [];
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    const answer = answers.shift() ?? { status: 200, body: { ok: true } };
    if (answer === 'network-error') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(answer.body ?? { ok: false }), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  }) as typeof fetch;
  return { fetcher, requests };
}

function client(answers: Answer[], maxAttempts = 5) {
  const { fetcher, requests } = scriptedFetch(answers);
  const delays: number[] = [];
  const slack = new SlackClient({
    token: 'xoxb-test',
    baseUrl: 'https://slack.test/api/',
    fetch: fetcher,
    retry: { maxAttempts, baseDelayMs: 100, maxDelayMs: 1_000, sleep: async (ms) => void delays.push(ms) },
  });
  return { slack, requests, delays };
}

describe('SlackClient', () => {
  it('posts JSON with the bot token and returns the message ts', async () => {
    const { slack, requests } = client([{ status: 200, body: { ok: true, channel: 'C1', ts: '1.0001' } }]);
    expect(await slack.postMessage({ channel: 'C1', text: 'hi' })).toEqual({ channel: 'C1', ts: '1.0001' });
    expect(requests[0]?.url).toBe('https://slack.test/api/chat.postMessage');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer xoxb-test');
    expect(requests[0]?.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(requests[0]?.body ?? '')).toMatchObject({ channel: 'C1', text: 'hi' });
  });

  it('sends the users.* read methods as form fields', async () => {
    const { slack, requests } = client([
      { status: 200, body: { ok: true, user: { id: 'U1', profile: { email: 'a@b.test' } } } },
      { status: 200, body: { ok: false, error: 'users_not_found' } },
    ]);
    expect((await slack.userInfo('U1')).profile?.email).toBe('a@b.test');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body).toBe('user=U1');
    expect(await slack.lookupByEmail('nobody@b.test')).toBeNull();
  });

  it("waits a 429's Retry-After in full before trying again", async () => {
    const { slack, requests, delays } = client([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 200, body: { ok: true, channel: 'C1', ts: '2.0001' } },
    ]);
    expect((await slack.postMessage({ channel: 'C1', text: 'hi' })).ts).toBe('2.0001');
    expect(requests).toHaveLength(2);
    // Longer than maxDelayMs: Slack's word wins, an earlier retry would only be limited again.
    expect(delays).toEqual([7_000]);
  });

  it('retries 5xx answers, network errors and transient ok:false codes with growing backoff', async () => {
    const { slack, requests, delays } = client([
      { status: 503 },
      'network-error',
      { status: 200, body: { ok: false, error: 'internal_error' } },
      { status: 200, body: { ok: true } },
    ]);
    await slack.update({ channel: 'C1', ts: '1.0', text: 'x' });
    expect(requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
    // Each backoff lies in the upper half of base * 2^(try-1), capped at maxDelayMs.
    for (const [index, delay] of delays.entries()) {
      const ceiling = Math.min(1_000, 100 * 2 ** index);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('fails at once on an error that a retry cannot fix, with a hint', async () => {
    const { slack, requests } = client([{ status: 200, body: { ok: false, error: 'channel_not_found' } }]);
    const error = await slack.postMessage({ channel: 'C404', text: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ method: 'chat.postMessage', code: 'channel_not_found', attempts: 1 });
    expect((error as Error).message).toContain('Invite the bot to the channel');
    expect(requests).toHaveLength(1);
  });

  it('gives up after maxAttempts and says how often it tried', async () => {
    const { slack, requests } = client([{ status: 500 }, { status: 500 }, { status: 500 }], 3);
    const error = await slack.openView('trigger', { type: 'modal' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ method: 'views.open', code: 'http_500', attempts: 3 });
    expect((error as Error).message).toContain('after 3 tries');
    expect(requests).toHaveLength(3);
  });
});
