import { describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../approvals/approval-record.js';
import {
  ACTION_APPROVE,
  ACTION_REJECT,
  approvalDecidedMessage,
  approvalRequestMessage,
  confirmationMessage,
  decodeRef,
  encodeRef,
  type SlackMessage,
  textMessage,
} from './blocks.js';
import { readModalMetadata, readUserInput, rejectReasonView, userInputView, VIEW_REJECT } from './modals.js';

function record(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id: 'apr_1',
    runId: 'run_1',
    sessionId: 'session-1',
    agentId: 'helpdesk',
    teamId: null,
    sourceType: 'agent',
    sourceName: 'Helpdesk',
    toolName: 'issue_refund',
    toolArgs: { customerId: 'ACME-123', amount: 5000 },
    toolCallId: 'call_1',
    requirementId: 'req_1',
    requirementKind: 'confirmation',
    type: 'required',
    status: 'pending',
    requestedBy: 'alice',
    approverRole: 'finance',
    quorum: 1,
    context: {
      input: 'Refund ACME-123 $5000 <!channel> & <https://evil.test|click>',
      agentId: 'helpdesk',
      sessionId: 's',
    },
    runStatus: 'paused',
    createdAt: 1_790_000_000,
    updatedAt: 1_790_000_000,
    expiresAt: 1_790_086_400,
    resolvedBy: null,
    resolvedAt: null,
    resolutionData: null,
    argsDigest: 'a'.repeat(64),
    ...overrides,
  };
}

/** Every text of a message's blocks, joined, as a reader of the message would see it. */
function textOf(message: SlackMessage): string {
  return JSON.stringify(message.blocks);
}

function buttonsOf(message: SlackMessage): { action_id: string; value: string }[] {
  return message.blocks.flatMap((block) => (block.type === 'actions' ? (block.elements as never[]) : []));
}

describe('approval messages', () => {
  it('show the tool, the arguments, who asked and why, and Approve / Reject buttons for the record', () => {
    const message = approvalRequestMessage(record(), '<@U0ALICE> (alice)');
    const text = textOf(message);
    expect(message.text).toBe('Approval needed: issue_refund requested by alice');
    expect(text).toContain('Approval needed: issue_refund');
    expect(text).toContain('<@U0ALICE> (alice) asked');
    expect(text).toContain('finance');
    expect(text).toContain('\\"amount\\": 5000');
    expect(text).toContain('<!date^1790086400^');
    const buttons = buttonsOf(message);
    expect(buttons.map((button) => button.action_id)).toEqual([ACTION_APPROVE, ACTION_REJECT]);
    for (const button of buttons) expect(decodeRef(button.value)).toEqual({ approvalId: 'apr_1' });
  });

  it("escapes the user's words, so a message cannot ping @channel or hide a link", () => {
    const text = textOf(approvalRequestMessage(record(), 'alice'));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.test|click&gt;');
  });

  it('counts the votes of a quorum and keeps the buttons until it is reached', () => {
    const voting = record({ quorum: 2, resolutionData: { votes: [{ userId: 'bob', at: 1_790_000_100 }] } });
    const message = approvalRequestMessage(voting, 'alice');
    expect(textOf(message)).toContain('1 of 2 approvals so far: bob');
    expect(buttonsOf(message)).toHaveLength(2);
  });

  it('once decided, say who decided, when, the outcome and the reason, without buttons', () => {
    const rejected = record({
      status: 'rejected',
      resolvedBy: 'bob',
      resolvedAt: 1_790_000_500,
      resolutionData: { reason: 'over the <budget>' },
    });
    const message = approvalDecidedMessage(rejected, 'alice', '<@U0BOB> (bob)');
    expect(buttonsOf(message)).toEqual([]);
    expect(textOf(message)).toContain('*Rejected* by <@U0BOB> (bob) on <!date^1790000500^');
    expect(textOf(message)).toContain(': over the &lt;budget&gt;');
    expect(message.text).toBe('issue_refund: rejected by bob');
    const expired = approvalDecidedMessage(record({ status: 'expired' }), 'alice', 'the system');
    expect(textOf(expired)).toContain('*Expired* on <!date^1790086400^');
  });

  it('addresses a confirmation to the run’s user with Confirm / Reject for the requirement', () => {
    const message = confirmationMessage(
      'run_9',
      {
        id: 'req_9',
        kind: 'confirmation',
        toolName: 'reset_password',
        toolArgs: { email: 'a@b.test' },
        toolCallId: 'c',
        createdAt: 1,
      },
      '<@U0ALICE> (alice)',
    );
    expect(textOf(message)).toContain('<@U0ALICE> (alice), please confirm');
    expect(buttonsOf(message).map((button) => decodeRef(button.value))).toEqual([
      { runId: 'run_9', requirementId: 'req_9' },
      { runId: 'run_9', requirementId: 'req_9' },
    ]);
  });
});

describe('references and modals', () => {
  it('round-trips references and refuses anything else', () => {
    expect(decodeRef(encodeRef({ approvalId: 'a' }))).toEqual({ approvalId: 'a' });
    expect(decodeRef(encodeRef({ runId: 'r', requirementId: 'q' }))).toEqual({
      runId: 'r',
      requirementId: 'q',
    });
    expect(decodeRef('not json')).toBeNull();
    expect(decodeRef('{"approvalId":5}')).toBeNull();
    expect(decodeRef(undefined)).toBeNull();
  });

  it('keeps the prompt in the reject modal and reads the reason back', () => {
    const view = rejectReasonView('issue_refund', { ref: { approvalId: 'apr_1' }, channel: 'C1' });
    expect(view.callback_id).toBe(VIEW_REJECT);
    expect(readModalMetadata(view.private_metadata)).toEqual({ ref: { approvalId: 'apr_1' }, channel: 'C1' });
    expect(readModalMetadata('{"ref":{"runId":1}}')).toBeNull();
  });

  it('offers a select for enumerations and booleans, fills provided values, and types what comes back', () => {
    const fields = [
      { name: 'description', type: 'string', description: 'What happened' },
      { name: 'priority', type: 'string', value: 'high' },
      { name: 'copies', type: 'integer' },
      { name: 'urgent', type: 'boolean' },
      { name: 'tags', type: 'array' },
    ];
    const view = userInputView(
      'create_ticket',
      fields,
      { priority: ['low', 'normal', 'high'] },
      {
        ref: { runId: 'r', requirementId: 'q' },
      },
    );
    const blocks = view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    const element = (name: string) => blocks.find((block) => block.block_id === `field:${name}`)?.element;
    expect(element('description')).toMatchObject({ type: 'plain_text_input' });
    expect(element('priority')).toMatchObject({ type: 'static_select', initial_option: { value: 'high' } });
    expect(element('copies')).toMatchObject({ type: 'number_input', is_decimal_allowed: false });
    expect(element('urgent')).toMatchObject({ type: 'static_select' });

    const state = {
      'field:description': { value: { value: 'VPN drops' } },
      'field:priority': { value: { selected_option: { value: 'low' } } },
      'field:copies': { value: { value: '2.5' } },
      'field:urgent': { value: { selected_option: { value: 'true' } } },
      'field:tags': { value: { value: '["vpn", "network"]' } },
    };
    expect(readUserInput(state, fields)).toEqual({
      values: { description: 'VPN drops', priority: 'low', urgent: true, tags: ['vpn', 'network'] },
      errors: { 'field:copies': 'Enter a whole number.' },
    });
  });
});

describe('answers', () => {
  it('split a long answer over sections Slack accepts, keeping every character', () => {
    const answer = `${'a'.repeat(5_000)} <b>`;
    const message = textMessage(answer);
    const sections = message.blocks.map((block) => (block.text as { text: string }).text);
    expect(sections.length).toBe(2);
    for (const text of sections) expect(text.length).toBeLessThanOrEqual(3_000);
    expect(sections.join('')).toBe(`${'a'.repeat(5_000)} &lt;b&gt;`);
  });
});
