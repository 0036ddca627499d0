import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit-chain.js';
import type { AuditEntry } from '../../src/audit/audit-entry.js';
import { call, demoServer, readSse } from '../helpers/server.js';

describe('the audit routes', () => {
  it('are for auditors and admins only', async () => {
    const { os } = await demoServer();
    const refused = await call(os, 'GET', '/audit', { user: 'alice' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'AccessDeniedError', reason: 'missing-role' });
    expect((await call(os, 'GET', '/audit/verify', { user: 'alice', roles: ['finance'] })).status).toBe(403);
    expect((await call(os, 'GET', '/audit/export', { user: 'alice' })).status).toBe(403);
    expect((await call(os, 'GET', '/audit', { user: 'admin' })).status).toBe(200);
  });

  it('list, verify and export the chain of a resolved run', async () => {
    const { os } = await demoServer();
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $300 to ACME-123' },
    });
    await call(os, 'POST', `/approvals/${created.body.requirements[0].approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    const auditor = { user: 'ivy', roles: ['auditor'] };
    const page = await call(os, 'GET', `/audit?runId=${created.body.runId}`, auditor);
    expect(page.body.items.map((entry: AuditEntry) => entry.action)).toEqual([
      'approval-requested',
      'approval-approved',
      'tool-executed',
    ]);
    const limited = await call(os, 'GET', '/audit?limit=1', auditor);
    expect(limited.body.nextCursor).toBe('1');
    expect((await call(os, 'GET', '/audit?limit=0', auditor)).body.error.issues[0].path).toBe('limit');
    expect((await call(os, 'GET', '/audit/verify', auditor)).body).toMatchObject({ ok: true, checked: 3 });
    const exported = await os.app.request('/audit/export', {
      headers: { 'x-user-id': 'ivy', 'x-user-roles': 'auditor' },
    });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await exported.text()).trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as AuditEntry);
    expect(entries).toHaveLength(3);
    expect(verifyAuditChain(entries).ok).toBe(true);
  });
});

describe('GET /events', () => {
  it('streams the lifecycle of runs and approvals as they happen, without token deltas', async () => {
    const { os } = await demoServer();
    const response = await os.app.request('/events', { headers: { 'x-user-id': 'bob' } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reading = readSse(response, (events) => events.some((event) => event.event === 'run-completed'));
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $300 to ACME-123' },
    });
    await call(os, 'POST', `/approvals/${created.body.requirements[0].approvalId}/resolve`, {
      user: 'bob',
      roles: ['finance'],
      body: { status: 'approved' },
    });
    const events = await reading;
    expect(events.map((event) => event.event)).toEqual([
      'run-started',
      'approval-requested',
      'run-paused',
      'approval-resolved',
      'run-continued',
      'tool-call-started',
      'tool-call-completed',
      'run-completed',
    ]);
    expect(events[3]?.data).toMatchObject({
      approvalId: created.body.requirements[0].approvalId,
      status: 'approved',
      resolvedBy: 'bob',
    });
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((left, right) => left - right));
    expect(os.events.size).toBe(0);
  });

  it('filters by run and by type', async () => {
    const { os } = await demoServer();
    const first = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'reset the password for a@example.com' },
    });
    const response = await os.app.request(
      `/events?runId=${first.body.runId}&types=run-continued,run-completed`,
      {
        headers: { 'x-user-id': 'bob' },
      },
    );
    const reading = readSse(response, (events) => events.some((event) => event.event === 'run-completed'));
    await call(os, 'POST', '/agents/helpdesk/runs', { user: 'alice', body: { message: 'look up ACME-123' } });
    await call(os, 'POST', `/agents/helpdesk/runs/${first.body.runId}/continue`, {
      user: 'alice',
      body: { decisions: [{ requirementId: first.body.requirements[0].id, confirm: true }] },
    });
    const events = await reading;
    expect(events.map((event) => [event.event, event.data.runId])).toEqual([
      ['run-continued', first.body.runId],
      ['run-completed', first.body.runId],
    ]);
  });

  it('ends open streams when the AgentOS closes', async () => {
    const { os } = await demoServer();
    const response = await os.app.request('/events', { headers: { 'x-user-id': 'bob' } });
    const reading = readSse(response);
    await os.close();
    await expect(reading).resolves.toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('documents every route of the table, with its parameters and bodies', async () => {
    const { os } = await demoServer();
    const response = await call(os, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    for (const route of os.routes) {
      const operation = document.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      const declared = (operation.parameters as { name: string; in: string }[]).filter(
        (parameter) => parameter.in === 'path',
      );
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(declared.map((parameter) => parameter.name).sort()).toEqual(inPath.sort());
    }
    const resolve = document.paths['/approvals/{approvalId}/resolve'].post;
    expect(resolve.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ResolveRequest',
    );
    expect(document.components.schemas.ResolveRequest.properties.status.enum).toEqual([
      'approved',
      'rejected',
    ]);
    expect(resolve.responses['409'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Error',
    );
    expect(document.components.schemas.Error).toBeDefined();
    expect(document.paths['/health'].get.security).toEqual([]);
    const refs = JSON.stringify(document).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs))
      expect(document.components.schemas[ref.split('/').at(-1) as string], ref).toBeDefined();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/agents/{agentId}/runs',
        '/teams/{teamId}/runs/{runId}/continue',
        '/events',
        '/audit/export',
      ]),
    );
  });
});

describe('errors', () => {
  it('answers 503 when the store is down', async () => {
    const { os, db } = await demoServer();
    await db.close();
    for (const [method, path, body] of [
      ['GET', '/approvals', undefined],
      ['GET', '/runs', undefined],
      ['POST', '/agents/helpdesk/runs', { message: 'look up ACME-123' }],
      ['POST', '/approvals/apr_1/resolve', { status: 'approved' }],
    ] as const) {
      const response = await call(os, method, path, { user: 'admin', ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.body.error.type).toBe('StorageError');
    }
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const { os } = await demoServer();
    const response = await call(os, 'GET', '/nothing/here', { user: 'alice' });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ type: 'NotFoundError', resource: 'route' });
  });

  it('never answers bad input with a 500', async () => {
    const { os, logger } = await demoServer();
    const paused = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $300 to ACME-123' },
    });
    const bodies = [
      'null',
      '[]',
      '"text"',
      '7',
      '{"a":',
      '{"message":{}}',
      `{"message":"${'x'.repeat(200_000)}"}`,
      '{"decisions":[null]}',
      '{"status":null}',
      '{"__proto__":{"admin":true}}',
    ];
    const paths = [
      '/agents/helpdesk/runs',
      `/agents/helpdesk/runs/${paused.body.runId}/continue`,
      `/agents/helpdesk/runs/${paused.body.runId}/tools/call_0_0/result`,
      `/approvals/${paused.body.requirements[0].approvalId}/resolve`,
      '/agents/%E0%A4%A/runs',
    ];
    for (const path of paths) {
      for (const body of bodies) {
        const response = await call(os, 'POST', path, { user: 'bob', roles: ['finance'], body });
        expect(response.status, `${path} ${body.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${path} ${body.slice(0, 40)}`).toBeLessThan(500);
      }
    }
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });
});

describe('limits and expiry', () => {
  it('refuses a body over 1 MiB with a 400', async () => {
    const { os } = await demoServer();
    const response = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'x'.repeat(1024 * 1024 + 10) },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('larger than 1024 KiB');
  });

  it('expires due approvals, publishes approval-expired, and the run then tells the model', async () => {
    const { os } = await demoServer();
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $300 to ACME-123' },
    });
    const published: string[] = [];
    os.events.subscribe((event) => published.push(event.type));
    const expired = await os.approvals.expireDue(Math.floor(Date.now() / 1000) + 2 * 86_400);
    expect(expired.map((record) => record.id)).toEqual([created.body.requirements[0].approvalId]);
    expect(published).toEqual(['approval-expired']);
    const resumed = await call(os, 'POST', `/agents/helpdesk/runs/${created.body.runId}/continue`, {
      user: 'alice',
      body: {},
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body.run.content).toContain('Approval expired at');
  });
});
