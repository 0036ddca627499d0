import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { Store } from '../../src/db/store.js';
import { AgentOS } from '../../src/server/agent-os.js';
import { collectingLogger } from '../helpers/server.js';
import { textOf, UiClient } from '../helpers/ui-client.js';
import { demoUi, freshDb, HOSTILE, hostileAgent, startRun } from '../helpers/ui-fixtures.js';

describe('the inbox', () => {
  it('offers a first visitor the start-run form with messages the demo understands', async () => {
    const { client } = await demoUi();
    const page = await client.get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const text = textOf(page.text);
    expect(text).toContain('Approval inbox');
    expect(text).toContain('Nothing waits for an approver');
    expect(page.text).toContain('action="/ui/runs"');
    expect(page.text).toContain('data-fill="Refund order 1234 for $250"');
    expect(text).toContain('DEV MODE');
    expect(text).toContain('alice: no roles');
  });

  it('lists pending calls first, grouped by run, with requester, agent, role, age, expiry and what the viewer may do', async () => {
    const { client } = await demoUi();
    const first = await startRun(client, 'Refund order 1234 for $250');
    await startRun(client, 'refund $40 to ACME-123');
    await client.as('bob');
    const page = await client.open('/');
    const text = textOf(page.text);
    expect(text).toContain('Pending (1)');
    expect(text).toMatch(
      /Run [0-9a-f]{8} · “Refund order 1234 for \$250” issue_refund .*"amount":250.* alice Helpdesk \(demo\) finance just now in 24 h Pending You may decide/,
    );
    expect(page.text).toContain(`href="/ui/approvals/${first.approvalId}"`);
    expect(page.text).toContain('<title>Inbox (1 pending) · Countersign</title>');

    await client.as('carol');
    expect(textOf((await client.open('/')).text)).toContain('Needs finance');
    const mine = textOf((await client.open('/?role=mine')).text);
    expect(mine).toContain('Pending (0)');
    await client.as('alice');
    expect(textOf((await client.open('/')).text)).toContain('Your request');
  });

  it('filters by approver role', async () => {
    const { client } = await demoUi();
    await startRun(client, 'Refund order 1234 for $250');
    expect(textOf((await client.open('/?role=finance')).text)).toContain('Pending (1)');
    expect(textOf((await client.open('/?role=legal')).text)).toContain('Pending (0)');
  });
});

describe('the approval page', () => {
  it('shows the tool, arguments, requester, message, agent, age and expiry, with Approve and Reject', async () => {
    const { client } = await demoUi();
    const { approvalId, runId } = await startRun(client, 'Refund order 1234 for $250');
    await client.as('bob');
    const page = await client.open(`/ui/approvals/${approvalId}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('issue_refund Pending');
    expect(text).toMatch(
      /Arguments \{ "customerId": "ACME-123", "amount": 250, "reason": "Refund order 1234 for \$250" \}/,
    );
    expect(text).toContain("User's message Refund order 1234 for $250");
    expect(text).toContain('Requested by alice');
    expect(text).toContain('Agent Helpdesk (demo) (agent helpdesk)');
    expect(text).toContain('Approver role finance');
    expect(text).toMatch(/Age \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(just now\)/);
    expect(text).toMatch(/Expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 24 h\)/);
    expect(text).toContain('You hold the finance role, so you may decide.');
    expect(page.text).toMatch(/<button type="submit" class="approve">Approve<\/button>/);
    expect(page.text).toMatch(/<button type="submit" class="danger">Reject<\/button>/);
    expect(page.text).toContain(`action="/ui/approvals/${approvalId}/resolve"`);
    expect(text).toContain(`Run ${runId} Awaiting approval`);
    expect(page.text).toContain(`data-live-run="${runId}"`);
  });

  it('is a 404 page for an unknown id', async () => {
    const { client } = await demoUi();
    const page = await client.get('/ui/approvals/apr_nope');
    expect(page.status).toBe(404);
    expect(textOf(page.text)).toContain('apr_nope');
  });
});

describe('the runs list and the run page', () => {
  it('reads a run paused for an approver as "Awaiting approval", and one paused for its user by what it owes', async () => {
    const { client } = await demoUi();
    await startRun(client, 'Refund order 1234 for $250');
    await startRun(client, 'Reset the password for bob@example.com');
    await startRun(client, 'Look up ACME-123');
    const text = textOf((await client.open('/ui/runs')).text);
    expect(text).toContain('Completed Look up ACME-123');
    expect(text).toContain('Awaiting confirmation Reset the password for bob@example.com');
    expect(text).toContain('Awaiting approval Refund order 1234 for $250');
    const paused = textOf((await client.open('/ui/runs?status=paused')).text);
    expect(paused).not.toContain('Look up ACME-123');
  });

  it('shows the timeline: the message, each model call with its tool calls and decisions, and the answer', async () => {
    const { client } = await demoUi();
    const { runId, approvalId } = await startRun(client, 'Refund order 1234 for $250');
    await client.as('bob');
    await client.submit(`/ui/approvals/${approvalId}/resolve`, {
      status: 'approved',
      reason: 'loyal customer',
    });
    await client.as('admin');
    const page = await client.open(`/ui/runs/${runId}`);
    const text = textOf(page.text);
    expect(text).toContain('Run');
    expect(text).toMatch(/Completed Helpdesk \(demo\) · asked by alice/);
    expect(text).toMatch(
      /Message from alice Refund order 1234 for \$250 Model call 1 asked for 1 tool call issue_refund Executed/,
    );
    expect(text).toMatch(
      /Approved Approval by finance requested just now; approved by bob just now ?: “loyal customer”/,
    );
    expect(text).toMatch(
      /Model call 2 gave the answer below Answer \d{4}-.* UTC \[offline demo model\] issue_refund finished: .*RF-/,
    );
    expect(text.match(/issue_refund finished/g)).toHaveLength(1);
    // admin holds the auditor role: the run's audit entries are listed
    expect(text).toMatch(/approval-requested alice issue_refund/);
    expect(text).toMatch(/approval-approved bob \(finance\) issue_refund/);
    expect(text).toMatch(/tool-executed alice issue_refund/);
  });

  it('keeps the audit entries to auditors and admins, as the API does', async () => {
    const { client } = await demoUi();
    const { runId } = await startRun(client, 'Refund order 1234 for $250');
    const text = textOf((await client.open(`/ui/runs/${runId}`)).text);
    expect(text).toContain('The audit log is for the auditor and admin roles; alice holds neither.');
    expect(text).not.toContain('approval-requested');
  });

  it('shows the traces of a run as a span tree', async () => {
    const db = await freshDb();
    const spans = [
      {
        spanId: 'a1',
        parentSpanId: null,
        name: 'invoke_agent helpdesk',
        startTime: 1,
        durationMs: 12.5,
        status: 'ok',
      },
      {
        spanId: 'b2',
        parentSpanId: 'a1',
        name: 'chat offline-keyword-demo',
        startTime: 2,
        durationMs: 3,
        status: 'ok',
      },
      {
        spanId: 'c3',
        parentSpanId: 'a1',
        name: 'execute_tool issue_refund',
        startTime: 3,
        durationMs: 1,
        status: 'error',
        statusMessage: 'card declined',
      },
    ];
    const trace = {
      traceId: 'f'.repeat(32),
      name: 'invoke_agent helpdesk',
      startTime: 1,
      durationMs: 12.5,
      spanCount: 3,
      status: 'error',
      totalTokens: 15,
    };
    const extra: Record<string, unknown> = {
      listTraces: async (query: { runId: string }) => ({
        items: query.runId ? [trace] : [],
        nextCursor: null,
      }),
      getTrace: async (traceId: string) => (traceId === trace.traceId ? { trace, spans } : null),
    };
    // The store as it will be once it records traces: the same store, with listTraces and getTrace.
    const tracing = new Proxy(db, {
      get(target, key) {
        if (typeof key === 'string' && key in extra) return extra[key];
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;
    const { client } = await demoUi({ db: tracing });
    const { runId } = await startRun(client, 'Refund order 1234 for $250');
    const page = await client.open(`/ui/runs/${runId}`);
    const text = textOf(page.text);
    expect(text).toMatch(/Traces invoke_agent helpdesk error Trace f{32} · 3 spans · 12\.5 ms · 15 tokens/);
    expect(text).toContain('execute_tool issue_refund 1.0 ms error card declined');
    expect(page.text).toContain('class="depth-1"><span class="mono">chat offline-keyword-demo');
  });

  it('is a 404 page for an unknown run', async () => {
    const { client } = await demoUi();
    const page = await client.get('/ui/runs/no-such-run');
    expect(page.status).toBe(404);
    expect(textOf(page.text)).toContain('no-such-run');
  });
});

describe('the audit page', () => {
  it('is refused without the auditor role, with the reason', async () => {
    const { client } = await demoUi();
    const page = await client.get('/ui/audit');
    expect(page.status).toBe(403);
    expect(textOf(page.text)).toContain(
      "Reading the audit log needs the 'auditor' or 'admin' role; alice holds none.",
    );
  });

  it('shows the chain verification and the entries, and a broken chain when an entry was altered', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-ui-'));
    const file = path.join(directory, 'audit.db');
    const db = new SqliteDb({ dbFile: file });
    await db.migrate();
    try {
      const { client } = await demoUi({ db });
      const { runId, approvalId } = await startRun(client, 'Refund order 1234 for $250');
      await client.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' });
      await client.as('carol');
      const text = textOf((await client.open('/ui/audit')).text);
      expect(text).toContain('Chain verified : all 2 entries check out.');
      expect(text).toMatch(/1 .* UTC approval-requested alice [0-9a-f]{8} issue_refund/);
      expect(text).toMatch(
        /2 .* UTC access-denied alice [0-9a-f]{8} issue_refund record \{"attempted":"approve","reason":"self-approval"/,
      );
      expect(textOf((await client.open(`/ui/audit?runId=${runId}`)).text)).toContain('approval-requested');
      expect(textOf((await client.open('/ui/audit?runId=other')).text)).toContain('No entries for this run.');

      // Somebody with write access to the file drops the append-only guard and rewrites history.
      const raw = new BetterSqlite3(file);
      raw.exec('drop trigger countersign_audit_no_update');
      raw.prepare("update countersign_audit set actor = 'mallory' where seq = 2").run();
      raw.close();
      const broken = textOf((await client.open('/ui/audit')).text);
      expect(broken).toContain(
        'Chain broken at entry #2 (altered); the entries before it (up to #1) check out.',
      );
    } finally {
      await db.close();
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('escaping', () => {
  it('never lets markup from the user, the model or tool arguments into a page', async () => {
    const db = await freshDb();
    const logger = collectingLogger();
    const os = new AgentOS({ db, dev: true, logger, agents: [hostileAgent(db)] });
    const client = new UiClient(os);
    await client.get('/');
    const posted = await client.post('/ui/runs', { target: 'agent:payables', message: HOSTILE.message });
    const runPage = await client.open(posted.location ?? '');
    const approvalId = /\/ui\/approvals\/(apr_[\w-]+)/.exec(runPage.text)?.[1] ?? '';
    await client.as('admin');
    const pages = [
      runPage,
      await client.open('/'),
      await client.open(`/ui/approvals/${approvalId}`),
      await client.open('/ui/runs'),
    ];
    await client.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'approved', reason: '<b>ok</b>' });
    pages.push(
      await client.open(posted.location ?? ''),
      await client.open(`/ui/approvals/${approvalId}`),
      await client.open('/ui/audit'),
    );
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<svg onload');
      expect(page.text).not.toContain('<b>');
    }
    expect(pages[0]?.text).toContain('Pay &lt;img src=x onerror=alert(1)&gt; now');
    expect(pages[2]?.text).toContain('&lt;script&gt;alert(\\&quot;args\\&quot;)&lt;/script&gt;');
    expect(pages[4]?.text).toContain('&lt;/pre&gt;&lt;script&gt;alert(&quot;answer&quot;)&lt;/script&gt;');
    expect(pages[5]?.text).toContain('&lt;b&gt;ok&lt;/b&gt;');
  });
});

describe('what the browser is told', () => {
  it('serves pages with a strict content security policy and no caching, and the assets with their types', async () => {
    const { client } = await demoUi();
    const page = await client.get('/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const css = /href="(\/ui\/assets\/style\.css\?v=\w+)"/.exec(page.text)?.[1] ?? '';
    const script = /src="(\/ui\/assets\/live\.js\?v=\w+)"/.exec(page.text)?.[1] ?? '';
    const style = await client.get(css);
    expect(style.headers.get('content-type')).toContain('text/css');
    expect(style.headers.get('cache-control')).toContain('immutable');
    expect((await client.get(script)).text).toContain('new EventSource(url)');
    expect((await client.get('/ui/nothing-here')).status).toBe(404);
  });

  it('keeps the session in HttpOnly SameSite=Strict cookies', async () => {
    const { os } = await demoUi();
    const response = await os.app.request('/');
    const cookies = response.headers.getSetCookie();
    expect(cookies.find((line) => line.startsWith('cs_csrf='))).toMatch(
      /HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/,
    );
  });

  it('leaves the REST API as it was, and can be turned off', async () => {
    const { os } = await demoUi();
    const agents = await os.app.request('/agents', { headers: { 'x-user-id': 'alice' } });
    expect(agents.headers.get('content-type')).toContain('application/json');
    const db = await freshDb();
    const apiOnly = new AgentOS({ db, dev: true, ui: false, logger: collectingLogger() });
    const root = await apiOnly.app.request('/');
    expect(root.status).toBe(404);
    expect(await root.json()).toMatchObject({ error: { type: 'NotFoundError' } });
  });
});
