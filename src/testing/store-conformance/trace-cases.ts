import { describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../audit/audit-entry.js';
import type { Store } from '../../db/store.js';
import { InvalidCursorError, ValidationError } from '../../errors/index.js';
import type { SpanRecord } from '../../tracing/span-record.js';
import { newSpanId, newTraceId } from '../../tracing/trace-ids.js';
import { makeApprovalRecord } from './make-approval-record.js';
import { makeRunDocument } from './make-run-document.js';
import { makeLegSpans } from './make-trace-spans.js';

const DAY_MS = 86_400_000;

function sortedByStart(spans: SpanRecord[]): SpanRecord[] {
  return [...spans].sort((left, right) => left.startTime - right.startTime);
}

/** Registers the trace cases: span batches and their totals, listing, pruning apart from the audit log. */
export function describeTraceCases(currentStore: () => Store): void {
  describe('traces', () => {
    it('stores a batch of spans unchanged and sums it up as a trace', async () => {
      const store = currentStore();
      const spans = makeLegSpans({ toolFails: true });
      const traceId = spans[0]?.traceId as string;
      await store.saveSpans(spans);
      await store.saveSpans([]);
      const detail = await store.getTrace(traceId);
      expect(detail?.spans).toEqual(sortedByStart(spans));
      expect(detail?.trace).toEqual({
        traceId,
        runId: spans[0]?.runId,
        agentId: 'ops-agent',
        sessionId: 'session-1',
        name: 'invoke_agent Ops — 🧾',
        startTime: 1_790_000_000_000.125,
        endTime: 1_790_000_000_012.625,
        durationMs: 12.5,
        spanCount: 3,
        status: 'error',
        totalTokens: 150,
      });
      expect(await store.getTrace(newTraceId())).toBeNull();
    });

    it('adds a continuation to the trace, and counts a span saved twice once', async () => {
      const store = currentStore();
      const first = makeLegSpans({ inputTokens: 100, outputTokens: 20 });
      const { traceId, runId, spanId } = first[0] as SpanRecord;
      const second = makeLegSpans({
        traceId,
        runId,
        parentSpanId: spanId,
        start: 1_790_000_000_000.125 + 3 * DAY_MS,
        inputTokens: 7,
        outputTokens: 3,
        agentId: 'another-agent',
      });
      await store.saveSpans(first);
      await store.saveSpans([...second, ...second]);
      // A retried batch, and a batch mixing stored and new spans: only new spans count.
      await store.saveSpans(first);
      const extra: SpanRecord = {
        ...(second[2] as SpanRecord),
        spanId: newSpanId(),
        startTime: (second[2] as SpanRecord).startTime + 0.25,
        status: 'error',
        statusMessage: 'failed',
      };
      await store.saveSpans([second[0] as SpanRecord, extra]);
      const detail = await store.getTrace(traceId);
      expect(detail?.spans).toHaveLength(7);
      expect(detail?.spans.map((span) => span.spanId)).toEqual(
        sortedByStart([...first, ...second, extra]).map((span) => span.spanId),
      );
      expect(detail?.trace).toMatchObject({
        runId,
        agentId: 'ops-agent',
        name: 'invoke_agent Ops — 🧾',
        startTime: 1_790_000_000_000.125,
        endTime: 1_790_000_000_012.625 + 3 * DAY_MS,
        durationMs: 12.5 + 3 * DAY_MS,
        spanCount: 7,
        status: 'error',
        totalTokens: 130,
      });
    });

    it('refuses a malformed span with ValidationError and stores nothing of its batch', async () => {
      const store = currentStore();
      const spans = makeLegSpans();
      const broken: Array<Partial<SpanRecord> & Record<string, unknown>> = [
        { traceId: 'not-hex' },
        { spanId: 'ABCDEF0123456789' },
        { parentSpanId: 'short' },
        { name: '' },
        { kind: 'sideways' as SpanRecord['kind'] },
        { status: 'fine' as SpanRecord['status'] },
        { startTime: Number.NaN },
        { endTime: (spans[1] as SpanRecord).startTime - 1 },
        { runId: '' },
        { attributes: null as unknown as SpanRecord['attributes'] },
      ];
      for (const change of broken) {
        const batch = [spans[0] as SpanRecord, { ...(spans[1] as SpanRecord), ...change }];
        await expect(store.saveSpans(batch)).rejects.toBeInstanceOf(ValidationError);
      }
      expect(await store.getTrace(spans[0]?.traceId as string)).toBeNull();
      expect((await store.listTraces()).items).toEqual([]);
    });

    it('lists traces newest first, filtered, in stable pages', async () => {
      const store = currentStore();
      const base = 1_790_000_000_000.5;
      const batches = [
        makeLegSpans({ start: base, agentId: 'a', sessionId: 's1' }),
        makeLegSpans({ start: base + 1000, agentId: 'b', sessionId: 's1', teamId: 'team-1' }),
        makeLegSpans({ start: base + 2000, agentId: 'a', sessionId: 's2' }),
        makeLegSpans({ start: base + 2000, agentId: 'a', sessionId: 's2' }),
        makeLegSpans({ start: base + 3000.25, agentId: 'b', sessionId: 's2' }),
      ];
      for (const batch of batches) await store.saveSpans(batch);
      const traceIds = batches.map((batch) => batch[0]?.traceId as string);
      const sameStart = [traceIds[2], traceIds[3]].sort().reverse();
      const newestFirst = [traceIds[4], ...sameStart, traceIds[1], traceIds[0]];

      const all = await store.listTraces();
      expect(all.items.map((item) => item.traceId)).toEqual(newestFirst);
      expect(all.nextCursor).toBeNull();
      expect(all.items[0]).toMatchObject({ runId: batches[4]?.[0]?.runId, spanCount: 3, status: 'ok' });
      expect(all.items[3]).toMatchObject({ teamId: 'team-1', agentId: 'b' });

      const pages: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listTraces({ limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(...page.items.map((item) => item.traceId));
        cursor = page.nextCursor ?? undefined;
        // A trace written between pages (newer than every listed one) never shifts later pages.
        if (pages.length === 2) await store.saveSpans(makeLegSpans({ start: base + 9000 }));
      } while (cursor !== undefined);
      expect(pages).toEqual(newestFirst);

      const ids = (query: Parameters<Store['listTraces']>[0]) =>
        store.listTraces(query).then((page) => page.items.map((item) => item.traceId));
      expect(await ids({ agentId: 'a' })).toEqual([...sameStart, traceIds[0]]);
      expect(await ids({ sessionId: 's1' })).toEqual([traceIds[1], traceIds[0]]);
      expect(await ids({ teamId: 'team-1' })).toEqual([traceIds[1]]);
      expect(await ids({ runId: batches[3]?.[0]?.runId as string })).toEqual([traceIds[3]]);
      expect(await ids({ agentId: 'b', sessionId: 's2' })).toEqual([traceIds[4]]);
      expect(await ids({ agentId: 'nobody' })).toEqual([]);
      const filtered = await store.listTraces({ agentId: 'a', limit: 1 });
      expect(await ids({ agentId: 'a', cursor: filtered.nextCursor as string })).toEqual([
        sameStart[1],
        traceIds[0],
      ]);

      for (const limit of [0, 501, 1.5]) {
        await expect(store.listTraces({ limit })).rejects.toBeInstanceOf(ValidationError);
      }
      const runsCursor = (await store.listRuns({ limit: 1 })).nextCursor;
      for (const bad of ['%%%', 'bm90IGpzb24', ...(runsCursor === null ? [] : [runsCursor])]) {
        await expect(store.listTraces({ cursor: bad })).rejects.toBeInstanceOf(InvalidCursorError);
      }
    });

    it('prunes traces whose last span ended before the cutoff, however olderThan is given', async () => {
      const store = currentStore();
      const now = 1_800_000_000_000;
      const old = makeLegSpans({ start: now - 100 * DAY_MS });
      const older = makeLegSpans({ start: now - 400 * DAY_MS });
      const recent = makeLegSpans({ start: now - 10 * DAY_MS });
      // A run paused 200 days ago and continued yesterday: its trace is recent as a whole.
      const resumed = makeLegSpans({ start: now - 200 * DAY_MS });
      const continuation = makeLegSpans({
        traceId: resumed[0]?.traceId as string,
        runId: resumed[0]?.runId as string,
        parentSpanId: resumed[0]?.spanId as string,
        start: now - DAY_MS,
      });
      for (const batch of [old, older, recent, resumed, continuation]) await store.saveSpans(batch);
      const remaining = async () => (await store.listTraces()).items.map((item) => item.traceId).sort();

      expect(await store.pruneTraces({ olderThan: '365d', now })).toBe(1);
      expect(await store.getTrace(older[0]?.traceId as string)).toBeNull();
      expect(await store.pruneTraces({ olderThan: 90 * 86_400, now })).toBe(1);
      expect(await store.pruneTraces({ olderThan: '90d', now })).toBe(0);
      expect(await remaining()).toEqual([recent[0]?.traceId, resumed[0]?.traceId].sort());
      expect((await store.getTrace(resumed[0]?.traceId as string))?.spans).toHaveLength(6);
      expect(await store.pruneTraces({ olderThan: new Date(now - 5 * DAY_MS) })).toBe(1);
      expect(await remaining()).toEqual([resumed[0]?.traceId]);
      // A trace id freed by pruning can be written again from scratch.
      await store.saveSpans(recent);
      expect((await store.getTrace(recent[0]?.traceId as string))?.trace.spanCount).toBe(3);

      for (const olderThan of ['90 days', '', -5, 0, new Date(Number.NaN), null, undefined]) {
        await expect(
          store.pruneTraces({ olderThan } as unknown as Parameters<Store['pruneTraces']>[0]),
        ).rejects.toBeInstanceOf(ValidationError);
      }
    });

    it('prunes many traces in one call', async () => {
      const store = currentStore();
      const spans: SpanRecord[] = [];
      for (let index = 0; index < 1_001; index += 1) {
        spans.push(...makeLegSpans({ start: 1_700_000_000_000 + index }).slice(0, 1));
      }
      await store.saveSpans(spans);
      expect(await store.pruneTraces({ olderThan: '1d' })).toBe(1_001);
      expect((await store.listTraces()).items).toEqual([]);
    });

    it('never touches runs, approval records or the audit log when pruning', async () => {
      const store = currentStore();
      const document = makeRunDocument();
      const record = makeApprovalRecord(document);
      const audit: AuditEntryInput[] = [
        { action: 'approval-requested', actor: 'user-ü', runId: document.runId, approvalId: record.id },
        { action: 'tool-executed', actor: 'user-ü', runId: document.runId, data: { note: 'ça va' } },
      ];
      await store.saveRun(document, { expectedVersion: null, approvals: [record], audit });
      await store.appendAudit([{ action: 'access-denied', actor: 'mallory', runId: document.runId }]);
      await store.saveSpans(makeLegSpans({ runId: document.runId, start: 1_600_000_000_000 }));
      const before = {
        audit: await store.listAudit(),
        verification: await store.verifyAuditLog(),
        run: await store.getRun(document.runId),
        approval: await store.getApproval(record.id),
      };
      expect(before.verification).toMatchObject({ ok: true, checked: 3 });

      expect(await store.pruneTraces({ olderThan: new Date(8_640_000_000_000_000) })).toBe(1);
      expect((await store.listTraces()).items).toEqual([]);
      expect(await store.listAudit()).toEqual(before.audit);
      expect(await store.verifyAuditLog()).toEqual(before.verification);
      expect(await store.getRun(document.runId)).toEqual(before.run);
      expect(await store.getApproval(record.id)).toEqual(before.approval);
    });
  });
}
