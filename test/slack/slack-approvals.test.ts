import { describe, expect, it } from 'vitest';
import { call } from '../helpers/server.js';
import { click, mention, sendEvent, sendInteraction, submit } from './slack-requests.js';
import {
  FINANCE_CHANNEL,
  HELPDESK_CHANNEL,
  hasButtons,
  must,
  posted,
  type SlackServer,
  shown,
  slackServerPerTest,
  updates,
} from './slack-setup.js';

const startServer = slackServerPerTest();

/** Alice asks for a refund in the helpdesk channel; returns the paused run's ids and the finance message. */
async function refundRequest(current: SlackServer, user = 'U0ALICE', text = 'refund $5000 to ACME-123') {
  const envelope = mention(user, text, HELPDESK_CHANNEL);
  const response = await sendEvent(current.os, envelope);
  expect(response.status).toBe(200);
  await current.slack.idle();
  const { items } = await current.db.getApprovals({ status: 'pending', approverRole: 'finance' });
  expect(items).toHaveLength(1);
  const record = must(items[0], 'a pending finance approval');
  const request = must(
    posted(current.fake).find((message) => message.channel === FINANCE_CHANNEL),
    'the approval request in the finance channel',
  );
  return { record, request, threadTs: envelope.event.ts };
}

describe('Slack approvals', () => {
  it('answers the URL verification handshake', async () => {
    const server = await startServer();
    const response = await sendEvent(server.os, {
      type: 'url_verification',
      token: 't',
      challenge: 'c-3eZbrw1aBm2',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'c-3eZbrw1aBm2' });
  });

  it('mention -> pause -> finance approval message -> Approve -> same record approved, run continued, message updated, answer in the thread', async () => {
    const server = await startServer();
    const { record, request, threadTs } = await refundRequest(server);
    expect(record).toMatchObject({
      requestedBy: 'alice',
      toolName: 'issue_refund',
      toolArgs: { amount: 5000 },
    });
    // The request shows the tool, the arguments, who asked and why, and the two buttons.
    expect(shown(request)).toContain('issue_refund');
    expect(shown(request)).toContain('<@U0ALICE> (alice) asked');
    expect(shown(request)).toContain('refund $5000 to ACME-123');
    expect(shown(request)).toContain('\\"amount\\": 5000');
    expect(hasButtons(request)).toBe(true);
    // The user's thread says what the run waits for.
    const note = posted(server.fake).find((message) => message.channel === HELPDESK_CHANNEL);
    expect(note?.thread_ts).toBe(threadTs);
    expect(shown(note)).toContain(`<#${FINANCE_CHANNEL}>`);
    expect((await server.db.getRun(record.runId))?.document.status).toBe('paused');

    const response = await sendInteraction(server.os, click('U0BOB', request, 'countersign_approve'));
    expect(response.status).toBe(200);
    await server.slack.idle();

    const approved = await server.db.getApproval(record.id);
    expect(approved).toMatchObject({ status: 'approved', resolvedBy: 'bob' });
    const audit = (await server.db.listAudit({ approvalId: record.id })).items;
    expect(audit.find((entry) => entry.action === 'approval-approved')).toMatchObject({
      actor: 'bob',
      actorRoles: ['finance'],
    });
    const run = await server.db.getRun(record.runId);
    expect(run?.document.status).toBe('completed');
    expect(run?.document.toolCalls[0]).toMatchObject({ toolName: 'issue_refund', outcome: 'executed' });

    const update = updates(server.fake).find((message) => message.ts === request.ts);
    expect(update?.channel).toBe(FINANCE_CHANNEL);
    expect(shown(update)).toContain('*Approved* by <@U0BOB> (bob) on <!date^');
    expect(hasButtons(update)).toBe(false);
    const answer = posted(server.fake)
      .filter((message) => message.channel === HELPDESK_CHANNEL)
      .at(-1);
    expect(answer?.thread_ts).toBe(threadTs);
    expect(shown(answer)).toMatch(/refundId.*RF-/);
  });

  it('rejects with the reason typed into the modal; the model hears it and the message says so', async () => {
    const server = await startServer();
    const { record, request } = await refundRequest(server);
    expect((await sendInteraction(server.os, click('U0CAROL', request, 'countersign_reject'))).status).toBe(
      200,
    );
    const opened = server.fake.callsOf('views.open').at(-1);
    expect(opened?.body.trigger_id).toMatch(/^trigger-U0CAROL/);
    expect(opened?.body.view.callback_id).toBe('countersign_reject_reason');
    expect((await server.db.getApproval(record.id))?.status).toBe('pending');

    const submitted = await sendInteraction(
      server.os,
      submit('U0CAROL', opened?.body.view, { reason: { value: 'over the monthly refund budget' } }),
    );
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe('');
    await server.slack.idle();

    expect(await server.db.getApproval(record.id)).toMatchObject({
      status: 'rejected',
      resolvedBy: 'carol',
      resolutionData: { reason: 'over the monthly refund budget' },
    });
    const run = await server.db.getRun(record.runId);
    expect(run?.document.status).toBe('completed');
    expect(run?.document.content).toContain(
      'Rejected by the approver (carol): over the monthly refund budget',
    );
    const update = updates(server.fake).find((message) => message.ts === request.ts);
    expect(shown(update)).toContain('*Rejected* by <@U0CAROL> (carol)');
    expect(shown(update)).toContain('over the monthly refund budget');
  });

  it('refuses self-approval, a missing role and unlinked users, telling only the clicker, and the record stays pending', async () => {
    const server = await startServer();
    // Dave holds the finance role, but it is his own refund.
    const { record, request } = await refundRequest(server, 'U0DAVE');
    for (const user of ['U0DAVE', 'U0ALICE', 'U0STRANGER']) {
      expect((await sendInteraction(server.os, click(user, request, 'countersign_approve'))).status).toBe(
        200,
      );
    }
    await server.slack.idle();
    expect(await server.db.getApproval(record.id)).toMatchObject({ status: 'pending', resolvedBy: null });
    expect((await server.db.getRun(record.runId))?.document.status).toBe('paused');

    const notices = server.fake.callsOf('chat.postEphemeral').map((entry) => entry.body);
    expect(notices.find((notice) => notice.user === 'U0DAVE')?.text).toContain(
      'dave requested the issue_refund call',
    );
    expect(notices.find((notice) => notice.user === 'U0ALICE')?.text).toContain("needs the role 'finance'");
    expect(notices.find((notice) => notice.user === 'U0STRANGER')?.text).toContain(
      'not linked to a Countersign identity',
    );
    for (const notice of notices) expect(notice.channel).toBe(FINANCE_CHANNEL);

    const refusals = (await server.db.listAudit({ approvalId: record.id })).items.filter(
      (entry) => entry.action === 'access-denied',
    );
    expect(refusals.map((entry) => [entry.actor, entry.data?.reason, entry.data?.via])).toEqual([
      ['dave', 'self-approval', 'slack'],
      ['alice', 'missing-role', 'slack'],
      ['slack:U0STRANGER', 'unlinked-slack-user', 'slack'],
    ]);
    // The request message still has its buttons: nobody decided.
    expect(updates(server.fake).filter((message) => message.ts === request.ts)).toEqual([]);
  });

  it('updates the Slack message when the decision is made through the HTTP API', async () => {
    const server = await startServer();
    const { record, request, threadTs } = await refundRequest(server);
    const resolved = await call(server.os, 'POST', `/approvals/${record.id}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved', reason: 'customer is entitled' },
    });
    expect(resolved.status).toBe(200);
    await server.slack.idle();
    const update = updates(server.fake).find((message) => message.ts === request.ts);
    expect(shown(update)).toContain('*Approved* by <@U0BOB> (bob)');
    expect(shown(update)).toContain('customer is entitled');
    expect(hasButtons(update)).toBe(false);
    const answer = posted(server.fake)
      .filter((message) => message.thread_ts === threadTs)
      .at(-1);
    expect(shown(answer)).toMatch(/refundId/);

    // A click on the stale copy of the message is told who decided first and changes nothing.
    await sendInteraction(server.os, click('U0CAROL', request, 'countersign_approve'));
    await server.slack.idle();
    expect(server.fake.callsOf('chat.postEphemeral').at(-1)?.body.text).toBe(
      'This request was already approved by bob.',
    );
    expect((await server.db.getApproval(record.id))?.resolvedBy).toBe('bob');
  });

  it('posts the answer of a run started outside Slack under its approval request', async () => {
    const server = await startServer();
    const created = await call(server.os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $450 to ACME-123' },
    });
    expect(created.body.status).toBe('paused');
    await server.slack.idle();
    const request = must(posted(server.fake)[0], 'the approval request');
    expect(request.channel).toBe(FINANCE_CHANNEL);
    // The run has no Slack thread of its own: nothing goes to the helpdesk channel.
    expect(posted(server.fake)).toHaveLength(1);
    await sendInteraction(server.os, click('U0BOB', request, 'countersign_approve'));
    await server.slack.idle();
    const answer = must(posted(server.fake)[1], 'the answer');
    expect(answer).toMatchObject({ channel: FINANCE_CHANNEL, thread_ts: request.ts });
    expect(shown(answer)).toContain(`Run ${created.body.runId} finished`);
  });

  it('marks the message expired when nobody decided in time', async () => {
    const server = await startServer();
    const { record, request } = await refundRequest(server);
    const expired = await server.os.approvals.expireDue(must(record.expiresAt, 'the expiry') + 1);
    expect(expired.map((item) => item.id)).toEqual([record.id]);
    await server.slack.idle();
    const update = updates(server.fake).find((message) => message.ts === request.ts);
    expect(shown(update)).toContain('*Expired*');
    expect(hasButtons(update)).toBe(false);
  });

  it('marks the message cancelled when the run is cancelled through the API', async () => {
    const server = await startServer();
    const { record, request } = await refundRequest(server);
    const cancelled = await call(server.os, 'POST', `/agents/helpdesk/runs/${record.runId}/cancel`, {
      user: 'alice',
    });
    expect(cancelled.status).toBe(200);
    await server.slack.idle();
    const update = updates(server.fake).find((message) => message.ts === request.ts);
    expect(shown(update)).toContain('*Cancelled*');
    expect(hasButtons(update)).toBe(false);
  });
});
