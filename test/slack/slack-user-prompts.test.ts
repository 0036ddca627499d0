import { describe, expect, it } from 'vitest';
import { call } from '../helpers/server.js';
import { click, mention, sendEvent, sendInteraction, submit } from './slack-requests.js';
import {
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

/** Alice asks in a thread; returns the prompt the run's pause posted there. */
async function promptFor(current: SlackServer, text: string) {
  const envelope = mention('U0ALICE', text, HELPDESK_CHANNEL);
  await sendEvent(current.os, envelope);
  await current.slack.idle();
  const prompt = must(
    posted(current.fake).find((message) => message.thread_ts === envelope.event.ts && hasButtons(message)),
    'the prompt in the thread',
  );
  const run = must((await current.db.listRuns({ status: 'paused' })).items[0], 'the paused run');
  return { prompt, runId: run.document.runId, threadTs: envelope.event.ts };
}

describe('Slack prompts to the run’s user', () => {
  it('answers a plain question in the thread', async () => {
    const server = await startServer();
    const envelope = mention('U0ALICE', 'look up ACME-123', HELPDESK_CHANNEL);
    expect((await sendEvent(server.os, envelope)).status).toBe(200);
    await server.slack.idle();
    const [answer] = posted(server.fake);
    expect(answer).toMatchObject({ channel: HELPDESK_CHANNEL, thread_ts: envelope.event.ts });
    expect(shown(answer)).toContain('Acme Corp');
    const run = must((await server.db.listRuns()).items[0], 'the run');
    expect(run.document).toMatchObject({ userId: 'alice', input: 'look up ACME-123', status: 'completed' });
  });

  it('asks the user to confirm in the thread; only they can, and the prompt shows who confirmed', async () => {
    const server = await startServer();
    const { prompt, runId, threadTs } = await promptFor(server, 'reset the password for alice@example.com');
    expect(shown(prompt)).toContain('<@U0ALICE> (alice), please confirm');
    expect(shown(prompt)).toContain('reset_password');
    expect(shown(prompt)).toContain('alice@example.com');

    // Bob is an approver, but this is Alice's call to confirm.
    await sendInteraction(server.os, click('U0BOB', prompt, 'countersign_approve'));
    await server.slack.idle();
    expect((await server.db.getRun(runId))?.document.status).toBe('paused');
    expect(server.fake.callsOf('chat.postEphemeral').at(-1)?.body).toMatchObject({
      user: 'U0BOB',
      channel: HELPDESK_CHANNEL,
    });
    const refusal = (await server.db.listAudit({ runId })).items.find(
      (entry) => entry.action === 'access-denied',
    );
    expect(refusal).toMatchObject({ actor: 'bob', data: { reason: 'not-run-owner', via: 'slack' } });

    await sendInteraction(server.os, click('U0ALICE', prompt, 'countersign_approve'));
    await server.slack.idle();
    const run = await server.db.getRun(runId);
    expect(run?.document.status).toBe('completed');
    expect(run?.document.content).toContain('password reset link was sent to alice@example.com');
    const update = updates(server.fake).find((message) => message.ts === prompt.ts);
    expect(shown(update)).toContain('*Confirmed* by <@U0ALICE> (alice)');
    expect(hasButtons(update)).toBe(false);
    const answer = posted(server.fake)
      .filter((message) => message.thread_ts === threadTs)
      .at(-1);
    expect(shown(answer)).toContain('password reset link');

    // A second click on the old prompt runs nothing again.
    await sendInteraction(server.os, click('U0ALICE', prompt, 'countersign_approve'));
    await server.slack.idle();
    expect(server.fake.callsOf('chat.postEphemeral').at(-1)?.body.text).toBe(
      'This prompt was already answered: the run is completed.',
    );
    expect(await server.db.listToolExecutions(runId)).toHaveLength(1);
  });

  it('rejects a confirmation with a reason from the modal; the model hears it', async () => {
    const server = await startServer();
    const { prompt, runId } = await promptFor(server, 'reset the password for alice@example.com');
    await sendInteraction(server.os, click('U0ALICE', prompt, 'countersign_reject'));
    const view = must(server.fake.callsOf('views.open').at(-1), 'the reject modal').body.view;
    const response = await sendInteraction(
      server.os,
      submit('U0ALICE', view, { reason: { value: 'wrong account' } }),
    );
    expect(response.status).toBe(200);
    await server.slack.idle();
    const run = await server.db.getRun(runId);
    expect(run?.document.toolCalls[0]).toMatchObject({ toolName: 'reset_password', outcome: 'rejected' });
    expect(run?.document.content).toContain('Rejected by the user: wrong account');
    const update = updates(server.fake).find((message) => message.ts === prompt.ts);
    expect(shown(update)).toContain('*Rejected* by <@U0ALICE> (alice)');
    expect(shown(update)).toContain('wrong account');
  });

  it('opens a modal with the tool’s fields, refuses a bad value in the modal, and runs the tool with the input', async () => {
    const server = await startServer();
    const { prompt, runId } = await promptFor(server, 'open a ticket: the VPN is broken');
    expect(shown(prompt)).toContain('needs your input');
    await sendInteraction(server.os, click('U0ALICE', prompt, 'countersign_input'));
    const view = must(server.fake.callsOf('views.open').at(-1), 'the input modal').body.view;
    const priority = view.blocks.find((block: { block_id?: string }) => block.block_id === 'field:priority');
    expect(priority.element.type).toBe('static_select');
    expect(priority.element.options.map((option: { value: string }) => option.value)).toEqual([
      'low',
      'normal',
      'high',
    ]);

    const refused = await sendInteraction(
      server.os,
      submit('U0ALICE', view, {
        'field:description': { value: 'Drops every hour' },
        'field:priority': { selected_option: { value: 'urgent' } },
      }),
    );
    const refusal = await refused.json();
    expect(refusal.response_action).toBe('errors');
    expect(Object.keys(refusal.errors)).toEqual(['field:priority']);
    expect((await server.db.getRun(runId))?.document.status).toBe('paused');

    const accepted = await sendInteraction(
      server.os,
      submit('U0ALICE', view, {
        'field:description': { value: 'Drops every hour' },
        'field:priority': { selected_option: { value: 'high' } },
      }),
    );
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe('');
    await server.slack.idle();
    const run = await server.db.getRun(runId);
    expect(run?.document.status).toBe('completed');
    expect(run?.document.toolCalls[0]).toMatchObject({
      toolName: 'create_ticket',
      args: { description: 'Drops every hour', priority: 'high' },
      outcome: 'executed',
    });
    const update = updates(server.fake).find((message) => message.ts === prompt.ts);
    expect(shown(update)).toContain('*Input provided* by <@U0ALICE> (alice)');
  });

  it('updates the prompt when the user decides through the HTTP API instead', async () => {
    const server = await startServer();
    const { prompt, runId } = await promptFor(server, 'reset the password for alice@example.com');
    const run = must(await server.db.getRun(runId), 'the run');
    const requirementId = must(run.document.requirements[0], 'the requirement').id;
    const continued = await call(server.os, 'POST', `/agents/helpdesk/runs/${runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId, confirm: false, reason: 'changed my mind' }] },
    });
    expect(continued.status).toBe(200);
    await server.slack.idle();
    const update = updates(server.fake).find((message) => message.ts === prompt.ts);
    expect(shown(update)).toContain('*Rejected* by <@U0ALICE> (alice)');
    expect(shown(update)).toContain('changed my mind');
    expect(hasButtons(update)).toBe(false);
  });

  it('does not open another user’s input modal', async () => {
    const server = await startServer();
    const { prompt } = await promptFor(server, 'open a ticket: the VPN is broken');
    await sendInteraction(server.os, click('U0BOB', prompt, 'countersign_input'));
    await server.slack.idle();
    expect(server.fake.callsOf('views.open')).toEqual([]);
    expect(server.fake.callsOf('chat.postEphemeral').at(-1)?.body.text).toContain('Only alice');
  });
});
