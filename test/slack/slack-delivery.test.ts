import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Agent } from '../../src/agent/agent.js';
import { approval } from '../../src/approvals/approval.js';
import { AgentOS } from '../../src/server/agent-os.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import { SlackInterface } from '../../src/slack/index.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { call, collectingLogger } from '../helpers/server.js';
import { FakeSlack } from './fake-slack.js';
import { click, mention, SIGNING_SECRET, sendEvent, sendInteraction } from './slack-requests.js';
import {
  FINANCE_CHANNEL,
  HELPDESK_CHANNEL,
  hasButtons,
  must,
  posted,
  shown,
  slackServerPerTest,
  USERS,
  updates,
} from './slack-setup.js';

const startServer = slackServerPerTest();

describe('Slack delivery', () => {
  it('retries a rate-limited and a failed post until the approval request is out', async () => {
    const server = await startServer();
    server.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { status: 500 });
    await sendEvent(server.os, mention('U0ALICE', 'refund $700 to ACME-123', HELPDESK_CHANNEL));
    await server.slack.idle();
    const attempts = server.fake
      .callsOf('chat.postMessage')
      .filter((entry) => entry.body.channel === FINANCE_CHANNEL);
    expect(attempts.map((entry) => entry.status)).toEqual([429, 500, 200]);
    expect(server.slack.failures).toEqual([]);
    // The message that finally went out is the one a later decision updates.
    const request = must(
      posted(server.fake).find((message) => message.channel === FINANCE_CHANNEL),
      'the request',
    );
    const record = must((await server.db.getApprovals({ status: 'pending' })).items[0], 'the record');
    await call(server.os, 'POST', `/approvals/${record.id}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    await server.slack.idle();
    expect(updates(server.fake).map((update) => update.ts)).toEqual([request.ts]);
  });

  it('never blocks or loses an approval when Slack is down: the failure is logged and kept, and the request is posted later', async () => {
    const server = await startServer();
    server.fake.failNext('chat.postMessage', { status: 500 }, { status: 500 }, { status: 500 });
    await sendEvent(server.os, mention('U0ALICE', 'refund $700 to ACME-123', HELPDESK_CHANNEL));
    await server.slack.idle();
    const record = must((await server.db.getApprovals({ status: 'pending' })).items[0], 'the record');
    expect((await server.db.getRun(record.runId))?.document.status).toBe('paused');
    expect(posted(server.fake).filter((message) => message.channel === FINANCE_CHANNEL)).toEqual([]);
    expect(server.slack.failures).toMatchObject([
      { action: 'post the approval request', approvalId: record.id, runId: record.runId },
    ]);
    expect(
      server.logger.lines.some((line) => line.startsWith('error slack: could not post the approval request')),
    ).toBe(true);

    // The sync posts what is missing once Slack is back, once.
    expect(await server.slack.syncPending()).toBe(1);
    await server.slack.syncPending();
    const requests = posted(server.fake).filter((message) => message.channel === FINANCE_CHANNEL);
    expect(requests).toHaveLength(1);
    await sendInteraction(server.os, click('U0BOB', must(requests[0], 'the request'), 'countersign_approve'));
    await server.slack.idle();
    expect((await server.db.getRun(record.runId))?.document.status).toBe('completed');
  });

  it('decides a run even when every later Slack call fails', async () => {
    const server = await startServer();
    await sendEvent(server.os, mention('U0ALICE', 'refund $700 to ACME-123', HELPDESK_CHANNEL));
    await server.slack.idle();
    const request = must(
      posted(server.fake).find((message) => message.channel === FINANCE_CHANNEL),
      'the request',
    );
    server.fake.failNext('chat.update', { status: 503 }, { status: 503 }, { status: 503 });
    server.fake.failNext('chat.postMessage', { status: 503 }, { status: 503 }, { status: 503 });
    const response = await sendInteraction(server.os, click('U0BOB', request, 'countersign_approve'));
    expect(response.status).toBe(200);
    await server.slack.idle();
    const record = must(
      (await server.db.getApprovals({ status: 'approved' })).items[0],
      'the approved record',
    );
    expect((await server.db.getRun(record.runId))?.document.status).toBe('completed');
    expect(server.slack.failures.map((failure) => failure.action)).toEqual([
      'update the approval message',
      'post the answer',
    ]);
  });

  it('counts quorum votes from Slack clicks, refuses a second vote by the same approver, and resumes at the quorum', async () => {
    const server = await startServer({
      agents: (db) => [
        new Agent({
          id: 'helpdesk',
          db,
          model: new ScriptedModel([
            { toolCalls: [{ toolName: 'wire_funds', args: { amount: 250_000 } }] },
            { text: 'Wire sent.' },
          ]),
          tools: [
            approval(
              { approverRole: 'finance', quorum: 2 },
              tool({
                name: 'wire_funds',
                inputSchema: z.object({ amount: z.number() }),
                execute: ({ amount }) => `wired ${amount}`,
              }),
            ),
          ],
        }),
      ],
    });
    const envelope = mention('U0ALICE', 'wire 250k to the supplier', HELPDESK_CHANNEL);
    await sendEvent(server.os, envelope);
    await server.slack.idle();
    const request = must(
      posted(server.fake).find((message) => message.channel === FINANCE_CHANNEL),
      'the request',
    );
    expect(shown(request)).toContain('Approvals needed');

    await sendInteraction(server.os, click('U0BOB', request, 'countersign_approve'));
    await server.slack.idle();
    const vote = must(updates(server.fake).at(-1), 'the update after the first vote');
    expect(shown(vote)).toContain('1 of 2 approvals so far: bob');
    expect(hasButtons(vote)).toBe(true);

    await sendInteraction(server.os, click('U0BOB', request, 'countersign_approve'));
    await server.slack.idle();
    expect(server.fake.callsOf('chat.postEphemeral').at(-1)?.body.text).toContain('bob already voted');

    await sendInteraction(server.os, click('U0CAROL', request, 'countersign_approve'));
    await server.slack.idle();
    const record = must((await server.db.getApprovals({ agentId: 'helpdesk' })).items[0], 'the record');
    expect(record.status).toBe('approved');
    expect(record.resolutionData?.votes?.map((entry) => entry.userId)).toEqual(['bob', 'carol']);
    expect(shown(updates(server.fake).at(-1))).toContain('*Approved* by <@U0CAROL> (carol)');
    const answer = posted(server.fake)
      .filter((message) => message.thread_ts === envelope.event.ts)
      .at(-1);
    expect(shown(answer)).toContain('Wire sent.');
  });

  it('maps Slack users by profile email, and mentions a requester known only by email', async () => {
    const server = await startServer({
      userMap: { 'bob@acme.test': { userId: 'bob', roles: ['finance'] } },
      resolveByEmail: true,
    });
    const envelope = mention('U0ALICE', 'refund $300 to ACME-123', HELPDESK_CHANNEL);
    await sendEvent(server.os, envelope);
    await server.slack.idle();
    const record = must((await server.db.getApprovals({ status: 'pending' })).items[0], 'the record');
    // Alice is in no map: she acts as her email, with no roles.
    expect(record.requestedBy).toBe('alice@acme.test');
    const request = must(
      posted(server.fake).find((message) => message.channel === FINANCE_CHANNEL),
      'the request',
    );
    expect(shown(request)).toContain('<@U0ALICE> (alice@acme.test) asked');

    await sendInteraction(server.os, click('U0BOB', request, 'countersign_approve'));
    await server.slack.idle();
    expect(await server.db.getApproval(record.id)).toMatchObject({ status: 'approved', resolvedBy: 'bob' });

    // A refund asked through the HTTP API by a user whose Slack account this process never saw.
    const created = await call(server.os, 'POST', '/agents/helpdesk/runs', {
      user: 'carol@acme.test',
      body: { message: 'refund $300 to GLOBEX-7' },
    });
    expect(created.body.status).toBe('paused');
    await server.slack.idle();
    const second = must(
      posted(server.fake).filter((message) => message.channel === FINANCE_CHANNEL)[1],
      'the request',
    );
    expect(shown(second)).toContain('<@U0CAROL> (carol@acme.test) asked');
    expect(server.fake.callsOf('users.lookupByEmail').map((entry) => entry.body.email)).toEqual([
      'carol@acme.test',
    ]);
  });

  it('starts one run per event: redeliveries, bot messages and edits are ignored; direct messages are answered', async () => {
    const server = await startServer();
    const envelope = mention('U0ALICE', 'look up GLOBEX-7', HELPDESK_CHANNEL);
    await sendEvent(server.os, envelope);
    await sendEvent(server.os, envelope); // Slack's retry: same event id, fresh signature
    await sendEvent(server.os, {
      ...mention('U0ALICE', 'look up ACME-123'),
      event: {
        type: 'app_mention',
        bot_id: 'B0OTHER',
        user: 'U0ALICE',
        text: 'look up',
        channel: 'C1',
        ts: '1.1',
      },
    });
    await sendEvent(server.os, {
      type: 'event_callback',
      event_id: 'Ev-edit',
      event: {
        type: 'message',
        subtype: 'message_changed',
        channel_type: 'im',
        channel: 'D0ALICE',
        ts: '2.2',
      },
    });
    await sendEvent(server.os, {
      type: 'event_callback',
      event_id: 'Ev-dm',
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'U0ALICE',
        text: 'look up INITECH-42',
        channel: 'D0ALICE',
        ts: '3.3',
      },
    });
    await server.slack.idle();
    const runs = (await server.db.listRuns()).items.map((run) => run.document.input).sort();
    expect(runs).toEqual(['look up GLOBEX-7', 'look up INITECH-42']);
    const direct = posted(server.fake).find((message) => message.channel === 'D0ALICE');
    expect(direct?.thread_ts).toBe('3.3');
    expect(shown(direct)).toContain('Initech');
  });

  it('tells an unlinked Slack user that it cannot act for them, and starts nothing', async () => {
    const server = await startServer();
    await sendEvent(server.os, mention('U0STRANGER', 'refund $9000 to ACME-123', HELPDESK_CHANNEL));
    await server.slack.idle();
    expect((await server.db.listRuns()).items).toEqual([]);
    expect(shown(posted(server.fake)[0])).toContain('not linked to a Countersign identity');
  });
});

describe('AgentOS interfaces option', () => {
  it('mounts Slack on construction and closes it with the server', async () => {
    const fake = await new FakeSlack(USERS).start();
    const { SqliteDb } = await import('../../src/db/sqlite/index.js');
    const db = new SqliteDb({ dbFile: ':memory:' });
    await db.migrate();
    const slack = new SlackInterface({
      botToken: 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      agentId: 'helpdesk',
      approverChannels: { '*': FINANCE_CHANNEL },
      userMap: { U0ALICE: { userId: 'alice' } },
      apiBaseUrl: fake.url,
      syncIntervalMs: 0,
    });
    const os = new AgentOS({
      dev: true,
      db,
      logger: collectingLogger(),
      agents: [createDemoAgent({ db })],
      interfaces: [slack],
    });
    try {
      await sendEvent(os, mention('U0ALICE', 'refund $400 to ACME-123', HELPDESK_CHANNEL));
      await slack.idle();
      // `*` catches the finance role too.
      expect(posted(fake).some((message) => message.channel === FINANCE_CHANNEL)).toBe(true);
      expect(() =>
        slack.mount(
          new AgentOS({ dev: true, db, logger: collectingLogger(), agents: [createDemoAgent({ db })] }),
        ),
      ).toThrow('mounted on another AgentOS');
    } finally {
      await os.close();
      await fake.stop();
      await db.close();
    }
  });

  it('refuses an agentId the AgentOS does not serve', async () => {
    const { SqliteDb } = await import('../../src/db/sqlite/index.js');
    const db = new SqliteDb({ dbFile: ':memory:' });
    const os = new AgentOS({ dev: true, db, logger: collectingLogger(), agents: [createDemoAgent({ db })] });
    expect(
      () =>
        new SlackInterface({
          os,
          botToken: 'xoxb',
          signingSecret: 's',
          agentId: 'billing',
          syncIntervalMs: 0,
        }),
    ).toThrow("agentId 'billing' is not an agent of this AgentOS; served agents: helpdesk.");
    expect(() => new SlackInterface({ os, botToken: '', signingSecret: 's', agentId: 'helpdesk' })).toThrow(
      'botToken',
    );
    await db.close();
  });
});
