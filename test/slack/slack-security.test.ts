import { describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/slack/signature.js';
import { call } from '../helpers/server.js';
import {
  click,
  mention,
  SIGNING_SECRET,
  sendEvent,
  sendInteraction,
  signedHeaders,
} from './slack-requests.js';
import {
  FINANCE_CHANNEL,
  HELPDESK_CHANNEL,
  must,
  posted,
  type SlackServer,
  slackServerPerTest,
} from './slack-setup.js';

const startServer = slackServerPerTest();

/** A pending finance approval and its Slack message, made through a signed mention. */
async function pendingApproval(current: SlackServer) {
  await sendEvent(current.os, mention('U0ALICE', 'refund $900 to ACME-123', HELPDESK_CHANNEL));
  await current.slack.idle();
  const record = must((await current.db.getApprovals({ status: 'pending' })).items[0], 'a pending approval');
  const request = must(
    posted(current.fake).find((message) => message.channel === FINANCE_CHANNEL),
    'the approval request',
  );
  return { record, request };
}

describe('Slack request verification', () => {
  it('refuses forged, unsigned, stale and future interactions with 401, and the record stays pending', async () => {
    const server = await startServer();
    const { record, request } = await pendingApproval(server);
    const approve = click('U0BOB', request, 'countersign_approve');
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      { secret: 'a-guessed-secret' },
      { signature: null },
      { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' },
      { timestamp: now - 6 * 60 },
      { timestamp: now + 6 * 60 },
    ];
    for (const options of attempts) {
      const response = await sendInteraction(server.os, approve, options);
      expect(response.status).toBe(401);
      expect((await response.json()).error.type).toBe('AuthenticationError');
    }
    await server.slack.idle();
    expect((await server.db.getApproval(record.id))?.status).toBe('pending');
    expect(server.fake.callsOf('chat.update')).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const server = await startServer();
    const { record, request } = await pendingApproval(server);
    // Signed as Bob's click, delivered with Dave's user id swapped in.
    const signedBody = new URLSearchParams({
      payload: JSON.stringify(click('U0BOB', request, 'countersign_approve')),
    }).toString();
    const sentBody = new URLSearchParams({
      payload: JSON.stringify(click('U0DAVE', request, 'countersign_approve')),
    }).toString();
    const headers = signedHeaders(signedBody, 'application/x-www-form-urlencoded');
    const response = await server.os.app.request('/slack/interactions', {
      method: 'POST',
      headers,
      body: sentBody,
    });
    expect(response.status).toBe(401);
    expect((await server.db.getApproval(record.id))?.status).toBe('pending');
  });

  it('refuses a replayed request: the same signed body and timestamp a second time', async () => {
    const server = await startServer();
    const envelope = mention('U0ALICE', 'look up ACME-123', HELPDESK_CHANNEL);
    const body = JSON.stringify(envelope);
    const headers = signedHeaders(body, 'application/json');
    const first = await server.os.app.request('/slack/events', { method: 'POST', headers, body });
    const replay = await server.os.app.request('/slack/events', { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.message).toContain('already received');
    await server.slack.idle();
    // One run, one answer.
    expect((await server.db.listRuns()).items).toHaveLength(1);
    expect(posted(server.fake).filter((message) => message.channel === HELPDESK_CHANNEL)).toHaveLength(1);
  });

  it('refuses unsigned and stale events before reading them, so no run starts', async () => {
    const server = await startServer();
    const envelope = mention('U0ALICE', 'look up ACME-123', HELPDESK_CHANNEL);
    expect((await sendEvent(server.os, envelope, { signature: null })).status).toBe(401);
    expect(
      (await sendEvent(server.os, envelope, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status,
    ).toBe(401);
    const verification = await sendEvent(
      server.os,
      { type: 'url_verification', challenge: 'x' },
      { secret: 'wrong' },
    );
    expect(verification.status).toBe(401);
    await server.slack.idle();
    expect((await server.db.listRuns()).items).toEqual([]);
    expect(server.fake.calls).toEqual([]);
  });

  it('never posts into a channel named by a session id an API caller chose', async () => {
    const server = await startServer();
    const created = await call(server.os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: {
        message: 'look up ACME-123',
        sessionId: 'slack:C0GENERAL:1790000000.000100:0123456789abcdef0123',
      },
    });
    expect(created.body.status).toBe('completed');
    await server.slack.idle();
    expect(server.fake.calls).toEqual([]);
  });

  it('answers a signed but malformed body with 400, never 500', async () => {
    const server = await startServer();
    const body = '{not json';
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await server.os.app.request('/slack/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
      },
      body,
    });
    expect(response.status).toBe(400);
    const noPayload = await server.os.app.request('/slack/interactions', {
      method: 'POST',
      headers: signedHeaders('other=1', 'application/x-www-form-urlencoded'),
      body: 'other=1',
    });
    expect(noPayload.status).toBe(400);
  });
});
