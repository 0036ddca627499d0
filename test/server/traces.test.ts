import { describe, expect, it } from 'vitest';
import { call, demoServer } from '../helpers/server.js';

describe('GET /traces', () => {
  it('lists a run’s traces and returns one with its spans; an unknown id is 404', async () => {
    const { os } = await demoServer();
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: 'refund $300 to ACME-123' },
    });
    expect(created.body.status).toBe('paused');
    await os.close();
    const page = await call(os, 'GET', `/traces?runId=${created.body.runId}`, { user: 'alice' });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    const [summary] = page.body.items;
    expect(summary).toMatchObject({ runId: created.body.runId, name: 'invoke_agent Helpdesk (demo)' });
    const detail = await call(os, 'GET', `/traces/${summary.traceId}`, { user: 'alice' });
    expect(detail.status).toBe(200);
    const names = detail.body.spans.map((span: { name: string }) => span.name);
    expect(names[0]).toBe('invoke_agent Helpdesk (demo)');
    expect(names.some((name: string) => name.startsWith('chat '))).toBe(true);
    expect(
      detail.body.spans.find((span: { name: string }) => span.name.startsWith('chat '))?.attributes,
    ).toMatchObject({
      'gen_ai.operation.name': 'chat',
    });
    expect((await call(os, 'GET', '/traces/nope', { user: 'alice' })).status).toBe(404);
    expect((await call(os, 'GET', '/traces?limit=0', { user: 'alice' })).status).toBe(400);
  });
});
