import { afterAll, beforeAll, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { AgentOS } from '../../src/server/agent-os.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import { call, demoServer } from '../helpers/server.js';

// A run whose server died after claiming it (status `running`, a lease nobody renews) is
// recovered over HTTP by a continue without decisions once the lease ended, and only then.

const db = new SqliteDb({ dbFile: ':memory:' });
const agent = createDemoAgent({ db });
let os: AgentOS;

beforeAll(async () => {
  ({ os } = await demoServer({ db, agents: [agent] }));
});
afterAll(async () => {
  await os.close();
  await db.close();
});

it('recovers a run left running past its lease, reporting its interrupted call in doubt', async () => {
  const paused = await call(os, 'POST', '/agents/helpdesk/runs', {
    user: 'alice',
    body: { message: 'reset the password for alice@example.com' },
  });
  expect(paused.body.status).toBe('paused');
  const runId = paused.body.runId as string;

  // What a claimer that died inside the tool call leaves: the decision, status running, a
  // started journal row and a lease that nobody renews.
  const run = await agent.getRun(runId);
  const requirement = run?.activeRequirements[0];
  requirement?.confirm({ decidedBy: 'alice' });
  const stored = await db.getRun(runId);
  if (!stored || !run || !requirement) throw new Error('the paused run is missing');
  await db.claimRun(runId, {
    expectedVersion: stored.version,
    lease: { owner: 'a-dead-process', until: Date.now() + 300 },
    updatedAt: Math.floor(Date.now() / 1000),
    startToolCalls: [{ toolCallId: requirement.toolCallId, toolName: requirement.toolName }],
    startedAt: Date.now(),
    document: {
      ...stored.document,
      status: 'running',
      requirements: run.requirements.map((item) => item.toJSON()),
    },
  });

  const continuePath = `/agents/helpdesk/runs/${runId}/continue`;
  const early = await call(os, 'POST', continuePath, { user: 'alice', body: { decisions: [] } });
  expect(early.status).toBe(409);

  await new Promise((resolve) => setTimeout(resolve, 350));
  const withDecision = await call(os, 'POST', continuePath, {
    user: 'alice',
    body: { decisions: [{ requirementId: requirement.id, confirm: true }] },
  });
  expect(withDecision.status).toBe(409);

  const recovered = await call(os, 'POST', continuePath, { user: 'alice', body: { decisions: [] } });
  expect(recovered.status).toBe(200);
  expect(recovered.body.run.status).toBe('completed');
  expect(recovered.body.run.toolCalls.map((item: { outcome: string }) => item.outcome)).toEqual(['in_doubt']);

  const again = await call(os, 'POST', continuePath, { user: 'alice', body: { decisions: [] } });
  expect(again.status).toBe(409);
});
