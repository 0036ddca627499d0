import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SlackMessageRecord, Store } from '../../db/store.js';
import { RunNotFoundError } from '../../errors/index.js';
import { makeRunDocument } from './make-run-document.js';

function message(runId: string, overrides: Partial<SlackMessageRecord> = {}): SlackMessageRecord {
  return {
    runId,
    requirementId: 'req_1',
    audience: 'approver',
    toolCallId: 'call_1',
    approvalId: 'appr_1',
    channel: 'C0FINANCE',
    ts: '1790000000.000100',
    threadTs: null,
    createdAt: 1_790_000_000,
    ...overrides,
  };
}

/** Registers the Slack message cases of the conformance suite (where a prompt was posted). */
export function describeSlackMessageCases(currentStore: () => Store): void {
  describe('slack messages', () => {
    it('keeps one message per requirement and audience, replaced in place, oldest first', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      await store.saveRun(document, { expectedVersion: null });
      const runId = document.runId;
      const approver = message(runId);
      const user = message(runId, {
        audience: 'user',
        approvalId: null,
        channel: 'C0HELP',
        ts: '1790000000.000200',
        threadTs: '1790000000.000001',
        createdAt: 1_790_000_001,
      });
      const later = message(runId, {
        requirementId: 'req_0',
        toolCallId: 'call_0',
        createdAt: 1_790_000_002,
      });
      await store.saveSlackMessage(later);
      await store.saveSlackMessage(user);
      await store.saveSlackMessage(approver);
      expect(await store.listSlackMessages(runId)).toEqual([approver, user, later]);

      const moved = { ...approver, channel: 'C0FINANCE2', ts: '1790000099.000300', createdAt: 1_790_000_099 };
      await store.saveSlackMessage(moved);
      expect(await store.listSlackMessages(runId)).toEqual([
        { ...moved, createdAt: approver.createdAt },
        user,
        later,
      ]);
    });

    it('keeps the messages of each run apart and refuses a message of an unknown run', async () => {
      const store = currentStore();
      const first = makeRunDocument();
      const second = makeRunDocument();
      await store.saveRun(first, { expectedVersion: null });
      await store.saveRun(second, { expectedVersion: null });
      await store.saveSlackMessage(message(first.runId));
      expect(await store.listSlackMessages(second.runId)).toEqual([]);
      expect(await store.listSlackMessages(`run_${randomUUID()}`)).toEqual([]);
      const unknown = `run_${randomUUID()}`;
      const error = await store.saveSlackMessage(message(unknown)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RunNotFoundError);
      expect((error as RunNotFoundError).runId).toBe(unknown);
    });
  });
}
