import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built-package.js';
import { runCli, type ServerProcess, send, startServer } from '../helpers/cli.js';

let directory: string;
const servers: ServerProcess[] = [];

beforeAll(() => {
  ensureBuilt();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-e2e-server-'));
});
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  fs.rmSync(directory, { recursive: true, force: true });
});

async function serve(dbFile: string): Promise<ServerProcess> {
  const server = await startServer(['--dev', '--port', '0', '--db', dbFile]);
  servers.push(server);
  return server;
}

it('serves the demo over a real socket, survives a crash, and continues paused runs in the new process', async () => {
  const dbFile = path.join(directory, 'nested', 'countersign.db');
  const first = await serve(dbFile);
  expect(first.log()).toContain('DEV MODE');
  expect(first.log()).toContain('OFFLINE DEMO MODEL');
  expect((await send(`${first.url}/health`, 'GET', 'alice')).body).toEqual({ status: 'ok' });

  const refund = await send(`${first.url}/agents/helpdesk/runs`, 'POST', 'alice', {
    message: 'refund $640 to GLOBEX-7',
  });
  expect(refund.body.status).toBe('paused');
  const reset = await send(`${first.url}/agents/helpdesk/runs`, 'POST', 'alice', {
    message: 'reset the password for alice@example.com',
  });
  expect(reset.body.status).toBe('paused');

  // A crash: the paused runs and their approval records are in the SQLite file, nowhere else.
  expect(await first.stop('SIGKILL')).toBeNull();

  const second = await serve(dbFile);
  const stored = await send(`${second.url}/agents/helpdesk/runs/${refund.body.runId}`, 'GET', 'bob');
  expect(stored.body).toMatchObject({ status: 'paused', userId: 'alice' });
  const inbox = await send(`${second.url}/approvals?status=pending&approverRole=finance`, 'GET', 'bob');
  expect(inbox.body.items.map((record: { runId: string }) => record.runId)).toEqual([refund.body.runId]);

  const resolved = await send(
    `${second.url}/approvals/${refund.body.requirements[0].approvalId}/resolve`,
    'POST',
    'bob',
    { status: 'approved' },
    'finance',
  );
  expect(resolved.status).toBe(200);
  expect(resolved.body.run).toMatchObject({ status: 'completed' });
  expect(resolved.body.run.toolCalls[0]).toMatchObject({ toolName: 'issue_refund', outcome: 'executed' });

  const confirmed = await send(
    `${second.url}/agents/helpdesk/runs/${reset.body.runId}/continue`,
    'POST',
    'alice',
    {
      decisions: [{ requirementId: reset.body.requirements[0].id, confirm: true }],
    },
  );
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.run.content).toContain('[offline demo model] reset_password finished');

  expect(await second.stop()).toBe(0);
  const verified = await runCli(['audit', 'verify', '--db', dbFile]);
  expect(verified.code).toBe(0);
  expect(verified.stdout).toMatch(/Audit log OK: \d+ entries/);
});
