import { expect } from 'vitest';
import * as z from 'zod';
import { Agent } from '../../src/agent/agent.js';
import { approval } from '../../src/approvals/approval.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { demoServer } from './server.js';
import { UiClient } from './ui-client.js';

/** A dev-mode demo server and a UI client signed in as alice (the picker's default). */
export async function demoUi(options: Parameters<typeof demoServer>[0] = {}) {
  const server = await demoServer(options);
  const client = new UiClient(server.os);
  await client.get('/');
  return { ...server, client };
}

/** Starts a run from the UI's form as the client's user; returns the run page and the ids on it. */
export async function startRun(client: UiClient, message: string) {
  const posted = await client.post('/ui/runs', { target: 'agent:helpdesk', message });
  expect(posted.status).toBe(303);
  const runId = decodeURIComponent(/^\/ui\/runs\/(.+)$/.exec(posted.location ?? '')?.[1] ?? '');
  const page = await client.open(posted.location ?? '');
  const approvalId = /\/ui\/approvals\/(apr_[\w-]+)/.exec(page.text)?.[1];
  return { runId, approvalId, page };
}

/** What a hostile model and user put into a run: markup in the message, the arguments and the answer. */
export const HOSTILE = {
  message: 'Pay <img src=x onerror=alert(1)> now',
  note: '<script>alert("args")</script>',
  answer: '</pre><script>alert("answer")</script>',
};

/** An agent whose model asks for an approved call with hostile arguments, then answers with markup. */
export function hostileAgent(db: SqliteDb): Agent {
  const pay = approval(
    { approverRole: 'finance' },
    tool({
      name: 'pay_vendor',
      inputSchema: z.object({ vendor: z.string(), note: z.string() }),
      execute: ({ vendor }) => `paid ${vendor}`,
    }),
  );
  const model = new ScriptedModel([
    {
      toolCalls: [
        { toolName: 'pay_vendor', args: { vendor: '"><svg onload=alert(2)>', note: HOSTILE.note } },
      ],
    },
    { text: HOSTILE.answer },
  ]);
  return new Agent({ id: 'payables', name: 'Payables <b>bold</b>', model, tools: [pay], db });
}

/** A fresh in-memory SQLite store, migrated. */
export async function freshDb(): Promise<SqliteDb> {
  const db = new SqliteDb({ dbFile: ':memory:' });
  await db.migrate();
  return db;
}
