import { type Kysely, sql } from 'kysely';
import type { AuditEntry } from '../../audit/audit-entry.js';
import { type PrecompiledQuery, precompile } from './precompile.js';
import type { CountersignTables } from './tables.js';

/** An audit row as the reads return it. */
export interface AuditRow {
  seq: number | string;
  id: string;
  at: number | string;
  action: string;
  actor: string;
  actor_roles: unknown;
  run_id: string | null;
  approval_id: string | null;
  tool_name: string | null;
  tool_call_id: string | null;
  args_digest: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}

/** The values of one audit row as an insert binds them (JSON columns already encoded). */
export type AuditRowValues = Omit<AuditRow, 'seq' | 'at'> & { seq: number; at: number };

/** Bound values of a page of the log. */
export interface AuditListParameters {
  afterSeq: number;
  limit: number;
  runId?: string;
  approvalId?: string;
}

/** Turns an entry into the values of its row; absent fields become `NULL`. */
export function auditToRow(entry: AuditEntry, encodeJson: (value: unknown) => unknown): AuditRowValues {
  return {
    seq: entry.seq,
    id: entry.id,
    at: entry.at,
    action: entry.action,
    actor: entry.actor,
    actor_roles: entry.actorRoles === undefined ? null : encodeJson(entry.actorRoles),
    run_id: entry.runId ?? null,
    approval_id: entry.approvalId ?? null,
    tool_name: entry.toolName ?? null,
    tool_call_id: entry.toolCallId ?? null,
    args_digest: entry.argsDigest ?? null,
    data: entry.data === undefined ? null : encodeJson(entry.data),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

/** Turns a row back into an entry; `NULL` columns become absent fields, as they were hashed. */
export function rowToAudit(row: AuditRow, decodeJson: (stored: unknown) => unknown): AuditEntry {
  const entry: AuditEntry = {
    seq: Number(row.seq),
    id: row.id,
    at: Number(row.at),
    action: row.action as AuditEntry['action'],
    actor: row.actor,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.actor_roles !== null) entry.actorRoles = decodeJson(row.actor_roles) as string[];
  if (row.run_id !== null) entry.runId = row.run_id;
  if (row.approval_id !== null) entry.approvalId = row.approval_id;
  if (row.tool_name !== null) entry.toolName = row.tool_name;
  if (row.tool_call_id !== null) entry.toolCallId = row.tool_call_id;
  if (row.args_digest !== null) entry.argsDigest = row.args_digest;
  if (row.data !== null) entry.data = decodeJson(row.data) as Record<string, unknown>;
  return entry;
}

/** The audit queries of one store, compiled once each (see `precompile`). */
export function createAuditQueries(db: Kysely<CountersignTables>) {
  const pages = new Map<string, PrecompiledQuery<AuditListParameters, AuditRow>>();
  return {
    /**
     * The chain head: the last entry's position and hash (the primary key's last entry). It takes
     * no parameters, so PostgreSQL can send it in one round trip with the lock before it.
     */
    head: precompile<Record<string, never>, { seq: number | string; hash: string }>(() =>
      db.selectFrom('countersign_audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(sql.lit(1)),
    ),
    insertEntry: precompile<AuditRowValues, never>((parameter) =>
      db.insertInto('countersign_audit').values({
        seq: parameter('seq'),
        id: parameter('id'),
        at: parameter('at'),
        action: parameter('action'),
        actor: parameter('actor'),
        actor_roles: parameter('actor_roles'),
        run_id: parameter('run_id'),
        approval_id: parameter('approval_id'),
        tool_name: parameter('tool_name'),
        tool_call_id: parameter('tool_call_id'),
        args_digest: parameter('args_digest'),
        data: parameter('data'),
        prev_hash: parameter('prev_hash'),
        hash: parameter('hash'),
      }),
    ),
    /** Several entries in one statement (one round trip on PostgreSQL); built per call. */
    insertEntries: (rows: AuditRowValues[]) => db.insertInto('countersign_audit').values(rows).compile(),
    /** A page in chain order, optionally of one run or one record (compiled once per shape). */
    listEntries(byRun: boolean, byApproval: boolean) {
      const key = `${byRun}|${byApproval}`;
      let query = pages.get(key);
      if (query === undefined) {
        query = precompile<AuditListParameters, AuditRow>((parameter) => {
          let select = db
            .selectFrom('countersign_audit')
            .selectAll()
            .where('seq', '>', parameter('afterSeq'));
          if (byRun) select = select.where('run_id', '=', parameter('runId'));
          if (byApproval) select = select.where('approval_id', '=', parameter('approvalId'));
          return select.orderBy('seq', 'asc').limit(parameter('limit'));
        });
        pages.set(key, query);
      }
      return query;
    },
  };
}

/** The precompiled audit queries of one store. */
export type AuditQueries = ReturnType<typeof createAuditQueries>;
