import { html } from 'hono/html';
import type { Store } from '../../db/store.js';
import type { Markup } from './markup.js';
import { badge } from './status.js';

/** The span fields the run page shows. */
interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTime: number;
  durationMs: number;
  status: string;
  statusMessage?: string;
}

/** The trace fields the run page shows. */
interface TraceView {
  traceId: string;
  name: string;
  startTime: number;
  durationMs: number;
  spanCount: number;
  status: string;
  totalTokens: number;
}

/** The trace reading methods of a store that records traces (`listTraces`, `getTrace`). */
export interface TraceReader {
  listTraces(query: { runId: string; limit?: number }): Promise<{ items: TraceView[] }>;
  getTrace(traceId: string): Promise<{ trace: TraceView; spans: SpanView[] } | null>;
}

/** The store's trace methods when it records traces; `undefined` for a store without them. */
export function traceReader(db: Store): TraceReader | undefined {
  const candidate = db as Store & Partial<TraceReader>;
  if (typeof candidate.listTraces !== 'function' || typeof candidate.getTrace !== 'function')
    return undefined;
  return {
    listTraces: (query) => (candidate.listTraces as TraceReader['listTraces']).call(db, query),
    getTrace: (traceId) => (candidate.getTrace as TraceReader['getTrace']).call(db, traceId),
  };
}

function depthOf(span: SpanView, byId: Map<string, SpanView>): number {
  let depth = 0;
  let parent = span.parentSpanId === null ? undefined : byId.get(span.parentSpanId);
  while (parent !== undefined && depth < 20) {
    depth += 1;
    parent = parent.parentSpanId === null ? undefined : byId.get(parent.parentSpanId);
  }
  return depth;
}

function duration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds.toFixed(1)} ms` : `${(milliseconds / 1000).toFixed(2)} s`;
}

/** The traces of a run with their spans as an indented tree (name, duration, status). */
export async function traceList(reader: TraceReader, runId: string): Promise<Markup> {
  const { items } = await reader.listTraces({ runId, limit: 20 });
  if (items.length === 0) return html`<p class="muted small">No spans were recorded for this run.</p>`;
  const details = await Promise.all(items.map((trace) => reader.getTrace(trace.traceId)));
  return html`${details.map((detail) => {
    if (detail === null) return '';
    const byId = new Map(detail.spans.map((span) => [span.spanId, span]));
    return html`<div class="card trace">
      <h3>${detail.trace.name} ${detail.trace.status === 'error' ? badge('error', 'bad') : badge('ok', 'ok')}</h3>
      <p class="small muted">Trace <span class="mono">${detail.trace.traceId}</span> · ${detail.trace.spanCount} spans · ${duration(detail.trace.durationMs)} · ${detail.trace.totalTokens} tokens</p>
      <ul class="spans">${detail.spans.map(
        (
          span,
        ) => html`<li class="depth-${Math.min(depthOf(span, byId), 6)}"><span class="mono">${span.name}</span>
          <span class="muted">${duration(span.durationMs)}</span>${span.status === 'error' ? html` ${badge('error', 'bad')} ${span.statusMessage ?? ''}` : ''}</li>`,
      )}</ul>
    </div>`;
  })}`;
}
