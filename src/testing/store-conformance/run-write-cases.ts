import { describe, expect, it } from 'vitest';
import type { Store } from '../../db/store.js';
import { RunConflictError } from '../../errors/index.js';
import type { RunDocument } from '../../run/run-document.js';
import { makeApprovalRecord } from './make-approval-record.js';
import { makeRunDocument } from './make-run-document.js';

/** `saveRun` with `with`: a team's pause and the pauses of its members, in one transaction. */
export function describeRunWriteCases(getStore: () => Store): void {
  describe('writes of several runs (a team pause with its members)', () => {
    function team(): { lead: RunDocument; member: RunDocument } {
      const lead = makeRunDocument({ teamId: 'support' });
      const member = makeRunDocument({
        agentId: 'billing',
        teamId: 'support',
        sessionId: lead.sessionId,
        parentRunId: lead.runId,
        parentToolCallId: 'call_delegate',
      });
      return { lead, member };
    }

    it('stores every run with its records and audit entries', async () => {
      const store = getStore();
      const { lead, member } = team();
      const record = makeApprovalRecord(member);
      const version = await store.saveRun(lead, {
        expectedVersion: null,
        audit: [{ action: 'tool-executed', actor: 'lead' }],
        with: [
          {
            document: member,
            options: {
              expectedVersion: null,
              approvals: [record],
              audit: [{ action: 'approval-requested', actor: 'member', runId: member.runId }],
            },
          },
        ],
      });
      expect(version).toBe(1);
      expect((await store.getRun(lead.runId))?.version).toBe(1);
      expect((await store.getRun(member.runId))?.document).toEqual(member);
      expect((await store.getApproval(record.id))?.runId).toBe(member.runId);
      const { items } = await store.listAudit({ limit: 10 });
      expect(items.map((entry) => entry.actor)).toEqual(['member', 'lead']);
      expect((await store.verifyAuditLog()).ok).toBe(true);
    });

    it('writes nothing when one run of the write fails its guard, and says which', async () => {
      const store = getStore();
      const { lead, member } = team();
      // The member's row is already there: its insert must fail, and with it the whole write.
      await store.saveRun(member, { expectedVersion: null });
      const record = makeApprovalRecord(member);
      const error = await store
        .saveRun(lead, {
          expectedVersion: null,
          audit: [{ action: 'tool-executed', actor: 'lead' }],
          with: [{ document: member, options: { expectedVersion: null, approvals: [record] } }],
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RunConflictError);
      expect((error as Error).message).toContain(member.runId);
      expect(await store.getRun(lead.runId)).toBeNull();
      expect(await store.getApproval(record.id)).toBeNull();
      expect((await store.listAudit({ limit: 10 })).items).toEqual([]);

      // And a stale version of the team run undoes the member's write that came first.
      await store.saveRun(lead, { expectedVersion: null });
      const second = makeRunDocument({ agentId: 'billing', teamId: 'support', sessionId: lead.sessionId });
      await expect(
        store.saveRun(
          { ...lead, status: 'paused' },
          { expectedVersion: 5, with: [{ document: second, options: { expectedVersion: null } }] },
        ),
      ).rejects.toBeInstanceOf(RunConflictError);
      expect(await store.getRun(second.runId)).toBeNull();
    });
  });
}
