import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { PIIDetectionGuardrail } from '../../src/guardrails/index.js';
import { ScriptedModel } from '../../src/testing/scripted-model.js';
import { call, demoServer } from '../helpers/server.js';

describe('guardrails behind AgentOS', () => {
  it('answers 422 with the check trigger when a guardrail refuses the input, never echoing it', async () => {
    const db = new SqliteDb({ dbFile: ':memory:' });
    await db.migrate();
    const model = new ScriptedModel([{ text: 'should never be called' }]);
    const agent = new Agent({ id: 'guarded', model, db, preHooks: [new PIIDetectionGuardrail()] });
    const { os } = await demoServer({ db, agents: [agent] });
    const response = await call(os, 'POST', '/agents/guarded/runs', {
      user: 'alice',
      body: { message: 'My card is 4111 1111 1111 1111, charge it' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ type: 'InputCheckError', checkTrigger: 'pii_detected' });
    expect(response.text).not.toContain('4111');
    expect(model.calls).toHaveLength(0);
  });
});
