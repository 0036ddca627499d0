import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import { tool } from '../tools/tool.js';
import { approval, gateOf, parseDuration } from './approval.js';

const base = () =>
  tool({ name: 'issue_refund', inputSchema: z.object({ amount: z.number() }), execute: () => 'ok' });
const context = { runId: 'r', sessionId: 's', agentId: 'a', toolCallId: 'c' };

describe('approval()', () => {
  it('makes a required approval that implies confirmation on a bare tool', () => {
    const refund = approval(base());
    expect(refund.pauseLane).toBe('confirmation');
    expect(refund.approval).toMatchObject({
      type: 'required',
      quorum: 1,
      approverRole: null,
      baseLane: null,
    });
    expect(base().pauseLane).toBeNull();
  });

  it('keeps the tool own lane and never blocks for audit', () => {
    const exported = approval({ type: 'audit' }, base());
    expect(exported.pauseLane).toBeNull();
    const input = approval(
      { type: 'required' },
      tool({
        name: 't',
        inputSchema: z.object({ a: z.string() }),
        requiresUserInput: true,
        execute: () => 1,
      }),
    );
    expect(input.pauseLane).toBe('user_input');
  });

  it('parses options and refuses bad ones clearly', () => {
    const refund = approval({ approverRole: 'finance', expiresIn: '24h', quorum: 2 }, base());
    expect(refund.approval).toMatchObject({ approverRole: 'finance', expiresInSeconds: 86_400, quorum: 2 });
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration(90)).toBe(90);
    expect(() => approval({ expiresIn: 'soon' }, base())).toThrow(/expiresIn must be/);
    expect(() => approval({ quorum: 0 }, base())).toThrow(/quorum must be a positive integer/);
    expect(() => approval({ type: 'maybe' as never }, base())).toThrow(ConfigurationError);
    expect(() => approval(approval(base()))).toThrow(/already wrapped/);
    expect(() => approval({}, {} as never)).toThrow(/must be a tool/);
  });

  it('asks when() at pause time and fails closed when it throws', () => {
    const refund = approval(
      {
        when: (args) => {
          if (args.amount < 0) throw new Error('boom');
          return args.amount > 1000;
        },
      },
      tool({
        name: 'issue_refund',
        inputSchema: z.object({ amount: z.number() }),
        requiresConfirmation: true,
        execute: () => 'ok',
      }),
    );
    expect(gateOf(refund, { amount: 10 }, context)).toEqual({ lane: 'confirmation', policy: undefined });
    expect(gateOf(refund, { amount: 5000 }, context).policy?.type).toBe('required');
    expect(gateOf(refund, { amount: -1 }, context).policy?.type).toBe('required');
    const bare = approval({ when: (args) => args.amount > 1000 }, base());
    expect(gateOf(bare, { amount: 10 }, context)).toEqual({ lane: null, policy: undefined });
  });
});
