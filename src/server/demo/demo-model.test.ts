import { describe, expect, it } from 'vitest';
import { InMemoryDb } from '../../db/memory/in-memory-db.js';
import { createDemoAgent } from './demo-agent.js';
import { DEMO_MODEL_LABEL, demoToolCalls } from './demo-model.js';

describe('the offline demo model', () => {
  it('maps keywords of the message to the helpdesk tools', () => {
    expect(demoToolCalls('Please refund $250 to globex-7')).toEqual([
      {
        toolName: 'issue_refund',
        args: { customerId: 'GLOBEX-7', amount: 250, reason: 'Please refund $250 to globex-7' },
      },
    ]);
    expect(demoToolCalls('reset the password for bob@example.com').map((call) => call.args)).toEqual([
      { email: 'bob@example.com' },
    ]);
    expect(
      demoToolCalls('look up ACME-123 and open a ticket, the VPN is broken').map((call) => call.toolName),
    ).toEqual(['lookup_customer', 'create_ticket']);
    expect(demoToolCalls('file a change request to open port 8443 on the billing firewall')).toMatchObject([
      { toolName: 'submit_change_request', args: { system: 'billing' } },
    ]);
    expect(demoToolCalls('hello there')).toEqual([]);
  });

  it('labels every answer as the offline demo model', async () => {
    const agent = createDemoAgent({ db: new InMemoryDb() });
    const help = await agent.run('hello', { userId: 'alice' });
    expect(help.content).toContain(DEMO_MODEL_LABEL);
    expect(help.content).toContain('No language model is configured');
    const lookup = await agent.run('look up INITECH-42', { userId: 'alice' });
    expect(lookup.status).toBe('completed');
    expect(lookup.content).toMatch(/^\[offline demo model\] lookup_customer finished: .*Initech/);
  });

  it('runs small refunds at once and pauses large ones for a finance approver', async () => {
    const agent = createDemoAgent({ db: new InMemoryDb() });
    const small = await agent.run('refund $40 to ACME-123', { userId: 'alice' });
    expect(small.status).toBe('completed');
    expect(small.toolCalls[0]).toMatchObject({ toolName: 'issue_refund', outcome: 'executed' });
    const large = await agent.run('refund $4000 to ACME-123', { userId: 'alice' });
    expect(large.status).toBe('paused');
    expect(large.requirements[0]).toMatchObject({ toolName: 'issue_refund', approvalType: 'required' });
  });
});
