import { describe, expect, it } from 'vitest';
import { textOf } from '../helpers/ui-client.js';
import { demoUi, startRun } from '../helpers/ui-fixtures.js';

describe('starting a run from the browser', () => {
  it('runs the message as the picked user and shows the run, paused or done', async () => {
    const { client, db } = await demoUi();
    const paused = await startRun(client, 'Refund order 1234 for $250');
    expect(textOf(paused.page.text)).toContain('The run paused: awaiting approval.');
    expect((await db.getRun(paused.runId))?.document.userId).toBe('alice');
    const done = await startRun(client, 'Look up ACME-123');
    expect(textOf(done.page.text)).toMatch(/Completed .*lookup_customer finished: .*Acme Corp/);
  });

  it('refuses an empty message and says so on the form', async () => {
    const { client } = await demoUi();
    const posted = await client.post('/ui/runs', { target: 'agent:helpdesk', message: '  ' });
    expect(posted.location).toBe('/ui/start');
    expect(textOf((await client.open('/ui/start')).text)).toContain('Write a message for the agent.');
  });
});

describe('approving and rejecting', () => {
  it('approves as the picked finance user: the record names bob and the run completes', async () => {
    const { client, db } = await demoUi();
    const { runId, approvalId } = await startRun(client, 'Refund order 1234 for $250');
    await client.as('bob');
    const posted = await client.post(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/ui/approvals/${approvalId}`);
    const page = textOf((await client.open(posted.location ?? '')).text);
    expect(page).toContain('Approved. The run resumed and is now completed.');
    expect(page).toContain('Decided by bob');
    const record = await db.getApproval(approvalId ?? '');
    expect(record).toMatchObject({ status: 'approved', resolvedBy: 'bob' });
    expect((await db.getRun(runId))?.document.status).toBe('completed');
    const approved = (await db.listAudit({ approvalId })).items.find(
      (entry) => entry.action === 'approval-approved',
    );
    expect(approved).toMatchObject({ actor: 'bob', actorRoles: ['finance'] });
  });

  it('rejects with a reason the model hears', async () => {
    const { client } = await demoUi();
    const { runId, approvalId } = await startRun(client, 'Refund order 1234 for $250');
    await client.as('bob');
    const page = textOf(
      (
        await client.submit(`/ui/approvals/${approvalId}/resolve`, {
          status: 'rejected',
          reason: 'over budget',
        })
      ).text,
    );
    expect(page).toContain('Rejected. The run resumed and is now completed.');
    expect(page).toContain('Reason over budget');
    const run = textOf((await client.open(`/ui/runs/${runId}`)).text);
    expect(run).toContain('issue_refund Not executed');
    expect(run).toContain('Rejected by the approver (bob): over budget');
  });

  it('shows the refusal of a self-approval and of a missing role, and leaves the record pending', async () => {
    const { client, db } = await demoUi();
    const { approvalId } = await startRun(client, 'Refund order 1234 for $250');
    const self = textOf(
      (await client.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' })).text,
    );
    expect(self).toContain(
      `alice requested the issue_refund call of approval ${approvalId} and so cannot approve it; another approver must decide.`,
    );
    expect(self).toContain('issue_refund Pending');
    await client.as('carol');
    const noRole = textOf(
      (await client.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' })).text,
    );
    expect(noRole).toContain(
      `Approval ${approvalId} needs the role 'finance' (or 'admin'); carol holds 'auditor'.`,
    );
    expect((await db.getApproval(approvalId ?? ''))?.status).toBe('pending');
    const denied = (await db.listAudit({ approvalId })).items.filter(
      (entry) => entry.action === 'access-denied',
    );
    expect(denied.map((entry) => [entry.actor, entry.data?.reason])).toEqual([
      ['alice', 'self-approval'],
      ['carol', 'missing-role'],
    ]);
  });

  it('tells the second approver that somebody decided first', async () => {
    const { client } = await demoUi();
    const { approvalId } = await startRun(client, 'Refund order 1234 for $250');
    await client.as('bob');
    await client.post(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' });
    await client.as('admin');
    const late = textOf(
      (await client.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'rejected', reason: 'no' })).text,
    );
    expect(late).toContain(
      `Approval ${approvalId} is 'approved', not 'pending': somebody resolved it first.`,
    );
    expect(late).toContain('Decided by bob');
  });
});

describe('CSRF protection', () => {
  it('refuses a form without the session token, or from another site, and changes nothing', async () => {
    const { client, db } = await demoUi();
    const { approvalId } = await startRun(client, 'Refund order 1234 for $250');
    await client.as('bob');
    const forged = await client.post(`/ui/approvals/${approvalId}/resolve`, {
      status: 'approved',
      csrf: 'forged',
    });
    expect(forged.status).toBe(403);
    expect(textOf(forged.text)).toContain('The form expired or did not come from this page');
    const crossSite = await client.post(
      `/ui/approvals/${approvalId}/resolve`,
      { status: 'approved' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(textOf(crossSite.text)).toContain('The form was sent from another site (https://evil.example)');
    expect((await db.getApproval(approvalId ?? ''))?.status).toBe('pending');
  });
});

describe('deciding a run from its page', () => {
  it('confirms a confirmation as the run’s user', async () => {
    const { client } = await demoUi();
    const { runId, page } = await startRun(client, 'Reset the password for bob@example.com');
    expect(page.text).toMatch(
      /<button type="submit" name="decision" value="confirm" class="primary">Confirm<\/button>/,
    );
    const requirementId = /name="requirementId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const done = textOf(
      (await client.submit(`/ui/runs/${runId}/decide`, { requirementId, decision: 'confirm' })).text,
    );
    expect(done).toContain('Done. The run resumed and is now completed.');
    expect(done).toContain('A password reset link was sent to bob@example.com.');
  });

  it('shows another user who must decide instead of the form, and refuses their post', async () => {
    const { client, db } = await demoUi();
    const { runId, page } = await startRun(client, 'Reset the password for bob@example.com');
    const requirementId = /name="requirementId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await client.as('bob');
    const view = await client.open(`/ui/runs/${runId}`);
    expect(textOf(view.text)).toContain("Waits for alice (the run's user) or an admin.");
    expect(view.text).not.toContain('value="confirm"');
    const refused = textOf(
      (await client.submit(`/ui/runs/${runId}/decide`, { requirementId, decision: 'confirm' })).text,
    );
    expect(refused).toContain(`bob may not continue run ${runId}: only its user (alice) or an 'admin' may.`);
    expect((await db.getRun(runId))?.document.status).toBe('paused');
  });

  it('takes user input in typed fields, and names a field the tool refuses', async () => {
    const { client } = await demoUi();
    const { runId, page } = await startRun(client, 'Open a ticket: the VPN is broken');
    expect(textOf(page.text)).toContain('Awaiting input');
    expect(page.text).toContain('name="input.description"');
    expect(page.text).toContain('name="input.priority"');
    const requirementId = /name="requirementId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const bad = textOf(
      (
        await client.submit(`/ui/runs/${runId}/decide`, {
          requirementId,
          decision: 'input',
          'input.description': 'VPN down',
          'input.priority': 'urgent',
        })
      ).text,
    );
    expect(bad).toMatch(/priority/);
    expect(bad).toContain('Awaiting input');
    const done = textOf(
      (
        await client.submit(`/ui/runs/${runId}/decide`, {
          requirementId,
          decision: 'input',
          'input.description': 'VPN down',
          'input.priority': 'high',
        })
      ).text,
    );
    expect(done).toContain('Done. The run resumed and is now completed.');
    expect(done).toMatch(/create_ticket finished: .*TCK-/);
  });

  it('takes an external result', async () => {
    const { client } = await demoUi();
    const { runId, page } = await startRun(
      client,
      'File a change request to open port 8443 on the billing firewall',
    );
    expect(textOf(page.text)).toContain('Awaiting external result');
    const requirementId = /name="requirementId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const done = textOf(
      (
        await client.submit(`/ui/runs/${runId}/decide`, {
          requirementId,
          decision: 'result',
          result: 'CHG-77 applied',
        })
      ).text,
    );
    expect(done).toContain('Done. The run resumed and is now completed.');
    expect(done).toContain('submit_change_request External result');
    expect(done).toContain('CHG-77 applied');
  });

  it('rejects with a reason, and cancels a run with its pending approvals', async () => {
    const { client, db } = await demoUi();
    const reset = await startRun(client, 'Reset the password for bob@example.com');
    const requirementId = /name="requirementId" value="([^"]+)"/.exec(reset.page.text)?.[1] ?? '';
    const rejected = textOf(
      (
        await client.submit(`/ui/runs/${reset.runId}/decide`, {
          requirementId,
          decision: 'reject',
          reason: 'not me',
        })
      ).text,
    );
    expect(rejected).toContain('Rejected by the user: not me');
    const refund = await startRun(client, 'Refund order 1234 for $250');
    const cancelled = textOf((await client.submit(`/ui/runs/${refund.runId}/cancel`, {})).text);
    expect(cancelled).toContain('The run was cancelled; its pending approvals were cancelled with it.');
    expect(cancelled).toMatch(/Run [0-9a-f]{8} Cancelled/);
    expect((await db.getApproval(refund.approvalId ?? ''))?.status).toBe('cancelled');
  });
});

describe('the dev-mode user picker', () => {
  it('switches to a preset or to any user with roles, which the API headers would give', async () => {
    const { client } = await demoUi();
    await client.as('bob');
    expect(textOf((await client.open('/')).text)).toContain('bob: finance');
    await client.post('/ui/session', { userId: 'dana', roles: 'finance, auditor', next: '/ui/runs' });
    expect(textOf((await client.open('/ui/runs')).text)).toContain('dana: finance, auditor');
    await client.as('admin');
    expect(textOf((await client.open('/')).text)).toContain('admin: admin');
    const bad = await client.post('/ui/session', { user: 'nobody' });
    expect(bad.location).toBe('/');
    expect(textOf((await client.open('/')).text)).toContain('Pick a user from the list, or give a user id.');
  });

  it('returns only to local pages', async () => {
    const { client } = await demoUi();
    const response = await client.post('/ui/session', { user: 'bob', next: '//evil.example/' });
    expect(response.location).toBe('/');
  });
});
