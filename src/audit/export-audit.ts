import type { Store } from '../db/store.js';
import { canonicalJson } from './canonical-json.js';

/** Options of {@link exportAuditJsonl}. */
export interface ExportAuditOptions {
  /** Entries read per `listAudit` call: 1..1,000, default 1,000. */
  pageSize?: number;
  /** Only the entries of this run. */
  runId?: string;
  /** Only the entries of this approval record. */
  approvalId?: string;
}

/**
 * Streams the audit log as JSON Lines, in chain order: one entry per line, each line its
 * canonical JSON (sorted keys) followed by `\n`. The lines carry every field the hashes cover,
 * so a copy can be verified outside Countersign with `verifyAuditChain` (or any SHA-256 tool
 * that sorts keys the same way).
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { Readable } from 'node:stream';
 * import { pipeline } from 'node:stream/promises';
 *
 * await pipeline(Readable.from(exportAuditJsonl(db)), createWriteStream('audit.jsonl'));
 * ```
 */
export async function* exportAuditJsonl(
  store: Store,
  options: ExportAuditOptions = {},
): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    const page = await store.listAudit({
      limit: options.pageSize ?? 1_000,
      ...(cursor === undefined ? {} : { cursor }),
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.approvalId === undefined ? {} : { approvalId: options.approvalId }),
    });
    for (const entry of page.items) yield `${canonicalJson(entry)}\n`;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
