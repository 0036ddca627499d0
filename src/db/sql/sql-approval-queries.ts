import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ApprovalQuery, ApprovalRecord } from '../../approvals/approval-record.js';
import type { RequirementKind, RunStatus } from '../../run/run-document.js';
import type { ApprovalFilter } from '../shared/index.js';
import { type PrecompiledQuery, precompile } from './precompile.js';
import type { ApprovalsTable, CountersignTables } from './tables.js';

/** An approval row as the reads return it (timestamps as numbers or, from PostgreSQL, strings). */
export type ApprovalRow = Omit<
  ApprovalsTable,
  'created_at' | 'updated_at' | 'expires_at' | 'resolved_at' | 'tool_args' | 'context' | 'resolution_data'
> & {
  tool_args: unknown;
  context: unknown;
  resolution_data: unknown;
  created_at: number | string;
  updated_at: number | string;
  expires_at: number | string | null;
  resolved_at: number | string | null;
};

/** The values of one approval row as an insert binds them (JSON columns already encoded). */
export type ApprovalRowValues = Omit<
  ApprovalsTable,
  'created_at' | 'updated_at' | 'expires_at' | 'resolved_at' | 'tool_args' | 'context' | 'resolution_data'
> & {
  tool_args: unknown;
  context: unknown;
  resolution_data: unknown;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
  resolved_at: number | null;
};

/** The column of each approval filter. */
export const APPROVAL_FILTER_COLUMNS: Record<ApprovalFilter, keyof ApprovalsTable> = {
  status: 'status',
  type: 'type',
  requirementKind: 'requirement_kind',
  approverRole: 'approver_role',
  agentId: 'agent_id',
  teamId: 'team_id',
  runId: 'run_id',
  sessionId: 'session_id',
  requestedBy: 'requested_by',
};

/** The bound values of a listing or a count: the filters, the keyset position and the page size. */
export type ApprovalListParameters = Partial<Record<ApprovalFilter, string>> & {
  afterCreatedAt?: number;
  afterId?: string;
  limit?: number;
};

/** Bound values of a resolution's compare-and-set. */
export interface ResolveApprovalParameters {
  id: string;
  expectedVersion: number;
  expectedStatus: string;
  status: string;
  resolvedBy: string | null;
  resolvedAt: number | null;
  resolutionData: unknown;
  runStatus: RunStatus;
  updatedAt: number;
}

/** Turns a record into the values of its row; `encodeJson` is the backend's JSON encoding. */
export function approvalToRow(
  record: ApprovalRecord,
  encodeJson: (value: unknown) => unknown,
  version = 1,
): ApprovalRowValues {
  return {
    id: record.id,
    run_id: record.runId,
    session_id: record.sessionId,
    agent_id: record.agentId,
    team_id: record.teamId,
    source_type: record.sourceType,
    source_name: record.sourceName,
    tool_name: record.toolName,
    tool_args: encodeJson(record.toolArgs),
    tool_call_id: record.toolCallId,
    requirement_id: record.requirementId,
    requirement_kind: record.requirementKind,
    type: record.type,
    status: record.status,
    requested_by: record.requestedBy,
    approver_role: record.approverRole,
    quorum: record.quorum,
    context: encodeJson(record.context),
    run_status: record.runStatus,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    expires_at: record.expiresAt,
    resolved_by: record.resolvedBy,
    resolved_at: record.resolvedAt,
    resolution_data: record.resolutionData === null ? null : encodeJson(record.resolutionData),
    args_digest: record.argsDigest,
    version,
  };
}

/** Turns a row back into a record; `decodeJson` is the backend's JSON decoding. */
export function rowToApproval(row: ApprovalRow, decodeJson: (stored: unknown) => unknown): ApprovalRecord {
  return {
    id: row.id,
    runId: row.run_id,
    sessionId: row.session_id,
    agentId: row.agent_id,
    teamId: row.team_id,
    sourceType: row.source_type as ApprovalRecord['sourceType'],
    sourceName: row.source_name,
    toolName: row.tool_name,
    toolArgs: decodeJson(row.tool_args) as ApprovalRecord['toolArgs'],
    toolCallId: row.tool_call_id,
    requirementId: row.requirement_id,
    requirementKind: row.requirement_kind as RequirementKind,
    type: row.type as ApprovalRecord['type'],
    status: row.status as ApprovalRecord['status'],
    requestedBy: row.requested_by,
    approverRole: row.approver_role,
    quorum: Number(row.quorum),
    context: decodeJson(row.context) as ApprovalRecord['context'],
    runStatus: row.run_status as RunStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
    resolutionData:
      row.resolution_data === null
        ? null
        : (decodeJson(row.resolution_data) as ApprovalRecord['resolutionData']),
    argsDigest: row.args_digest,
  };
}

/** The bound values of a listing or count query. */
export function approvalListParameters(
  query: ApprovalQuery,
  filters: readonly ApprovalFilter[],
): ApprovalListParameters {
  const parameters: ApprovalListParameters = {};
  for (const filter of filters) parameters[filter] = query[filter] as string;
  return parameters;
}

/**
 * The approval queries of one store, compiled once each (see `precompile`): the fixed statements
 * up front, the listings and counts once per combination of filters actually used.
 */
export function createApprovalQueries(db: Kysely<CountersignTables>, rowLocks: boolean) {
  const approvals = () => db.selectFrom('countersign_approvals').selectAll();
  const listings = new Map<string, PrecompiledQuery<ApprovalListParameters, ApprovalRow>>();
  const counts = new Map<string, PrecompiledQuery<ApprovalListParameters, { count: number | string }>>();

  return {
    insertApproval: precompile<ApprovalRowValues, never>((parameter) =>
      db.insertInto('countersign_approvals').values({
        id: parameter('id'),
        run_id: parameter('run_id'),
        session_id: parameter('session_id'),
        agent_id: parameter('agent_id'),
        team_id: parameter('team_id'),
        source_type: parameter('source_type'),
        source_name: parameter('source_name'),
        tool_name: parameter('tool_name'),
        tool_args: parameter('tool_args'),
        tool_call_id: parameter('tool_call_id'),
        requirement_id: parameter('requirement_id'),
        requirement_kind: parameter('requirement_kind'),
        type: parameter('type'),
        status: parameter('status'),
        requested_by: parameter('requested_by'),
        approver_role: parameter('approver_role'),
        quorum: parameter('quorum'),
        context: parameter('context'),
        run_status: parameter('run_status'),
        created_at: parameter('created_at'),
        updated_at: parameter('updated_at'),
        expires_at: parameter('expires_at'),
        resolved_by: parameter('resolved_by'),
        resolved_at: parameter('resolved_at'),
        resolution_data: parameter('resolution_data'),
        args_digest: parameter('args_digest'),
        version: parameter('version'),
      }),
    ),
    /** Several records in one statement (one round trip on PostgreSQL); built per call. */
    insertApprovals: (rows: ApprovalRowValues[]) =>
      db.insertInto('countersign_approvals').values(rows).compile(),
    getApproval: precompile<{ id: string }, ApprovalRow>((parameter) =>
      approvals().where('id', '=', parameter('id')),
    ),
    /** The read of a resolution: on PostgreSQL it locks the row, so votes on one record queue. */
    getApprovalForResolution: precompile<{ id: string }, ApprovalRow>((parameter) => {
      const query = approvals().where('id', '=', parameter('id'));
      return rowLocks ? query.forUpdate() : query;
    }),
    /** The compare-and-set of a resolution: only resolution fields change. */
    resolveApproval: precompile<ResolveApprovalParameters, never>((parameter) =>
      db
        .updateTable('countersign_approvals')
        .set({
          status: parameter('status'),
          resolved_by: parameter('resolvedBy'),
          resolved_at: parameter('resolvedAt'),
          resolution_data: parameter('resolutionData'),
          run_status: parameter('runStatus'),
          updated_at: parameter('updatedAt'),
          version: sql<number>`version + 1`,
        })
        .where('id', '=', parameter('id'))
        .where('version', '=', parameter('expectedVersion'))
        .where('status', '=', parameter('expectedStatus')),
    ),
    /**
     * Whether any pending record is past its expiry: a read of the partial expiry index, which
     * the `'pending'` literal (not a bound value) lets both planners use.
     */
    findDue: precompile<{ now: number }, { id: string }>((parameter) =>
      db
        .selectFrom('countersign_approvals')
        .select('id')
        .where(sql<boolean>`status = 'pending'`)
        .where('expires_at', '<', parameter('now'))
        .limit(1),
    ),
    /**
     * The sweep: every pending record past its expiry becomes `expired`, returned as it is now.
     * On PostgreSQL a concurrent sweeper blocks on the same rows and, once the first commits,
     * finds them no longer pending: each record expires once.
     */
    expireDue: precompile<{ now: number }, ApprovalRow>((parameter) =>
      db
        .updateTable('countersign_approvals')
        .set({
          status: 'expired',
          resolved_by: null,
          resolved_at: parameter('now'),
          updated_at: parameter('now'),
          version: sql<number>`version + 1`,
        })
        .where(sql<boolean>`status = 'pending'`)
        .where('expires_at', '<', parameter('now'))
        .returningAll(),
    ),
    /** A page of records newest first, for the filters named (compiled once per combination). */
    listApprovals(filters: readonly ApprovalFilter[], withCursor: boolean) {
      const key = `${filters.join(',')}|${withCursor}`;
      let query = listings.get(key);
      if (query === undefined) {
        query = precompile<ApprovalListParameters, ApprovalRow>((parameter) => {
          let select = approvals();
          for (const filter of filters)
            select = select.where(APPROVAL_FILTER_COLUMNS[filter], '=', parameter(filter));
          if (withCursor) {
            select = select.where((builder) =>
              builder(
                builder.refTuple('created_at', 'id'),
                '<',
                builder.tuple(parameter('afterCreatedAt'), parameter('afterId')),
              ),
            );
          }
          return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(parameter('limit'));
        });
        listings.set(key, query);
      }
      return query;
    },
    /** How many records match the filters named (compiled once per combination). */
    countApprovals(filters: readonly ApprovalFilter[]) {
      const key = filters.join(',');
      let query = counts.get(key);
      if (query === undefined) {
        query = precompile<ApprovalListParameters, { count: number | string }>((parameter) => {
          let select = db
            .selectFrom('countersign_approvals')
            .select((builder) => builder.fn.countAll().as('count'));
          for (const filter of filters)
            select = select.where(APPROVAL_FILTER_COLUMNS[filter], '=', parameter(filter));
          return select;
        });
        counts.set(key, query);
      }
      return query;
    },
  };
}

/** The precompiled approval queries of one store. */
export type ApprovalQueries = ReturnType<typeof createApprovalQueries>;
