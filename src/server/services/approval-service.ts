import type {
  ApprovalPage,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalResolutionData,
} from '../../approvals/approval-record.js';
import type { Store } from '../../db/store.js';
import { ApprovalForbiddenError } from '../../errors/approval-forbidden-error.js';
import { ApprovalNotFoundError } from '../../errors/approval-not-found-error.js';
import type { EventBus } from '../event-bus.js';
import type { Identity } from '../identity.js';
import type { Logger } from '../logger.js';
import type { TargetRegistry } from '../target-registry.js';
import { checkResolutionData } from './check-resolution-data.js';
import { recordRefusal } from './refusal-audit.js';
import type { ContinueOutcome, RunService } from './run-service.js';

/** What an approver sends to resolve a record. */
export interface ResolveRequest {
  status: 'approved' | 'rejected';
  /** Why; a rejection's reason reaches the model. */
  reason?: string | undefined;
  /** Arguments replacing the model's (a confirmation lane call). */
  editedArgs?: Record<string, unknown> | undefined;
  /** `values` (user input) or `result` (external execution) the approver supplies. */
  resolutionData?:
    | Pick<ApprovalResolutionData, 'reason' | 'values' | 'result' | 'isError' | 'editedArgs'>
    | undefined;
  /** Resume the run once all its gates are decided (default `true`). */
  continue?: boolean | undefined;
}

/** The result of a resolution: the stored record, and the run when a resume was attempted. */
export interface ResolveOutcome extends Partial<ContinueOutcome> {
  approval: ApprovalRecord;
}

/** The short status view of a record (`GET /approvals/{id}/status`). */
export interface ApprovalStatusView {
  id: string;
  status: ApprovalRecord['status'];
  runId: string;
  runStatus: ApprovalRecord['runStatus'];
  resolvedBy: string | null;
  resolvedAt: number | null;
}

/**
 * Lists and resolves approval records for verified identities: the routes call it, and so can the
 * web UI and Slack. A resolution is the store's compare-and-set (one winner), made with the
 * verified identity and its roles (never a name from a request body), audited when refused, and
 * followed by a resume of the run once all its gates are decided.
 */
export class ApprovalService {
  readonly #db: Store;
  readonly #registry: TargetRegistry;
  readonly #bus: EventBus;
  readonly #runs: RunService;
  readonly #logger: Logger;

  constructor(options: {
    db: Store;
    registry: TargetRegistry;
    bus: EventBus;
    runs: RunService;
    logger: Logger;
  }) {
    this.#db = options.db;
    this.#registry = options.registry;
    this.#bus = options.bus;
    this.#runs = options.runs;
    this.#logger = options.logger;
  }

  /** Records newest first, filtered, with a cursor. */
  list(query: ApprovalQuery = {}): Promise<ApprovalPage> {
    return this.#db.getApprovals(query);
  }

  /** How many records match (without limit and cursor). */
  count(query: ApprovalQuery = {}): Promise<number> {
    const { limit: _limit, cursor: _cursor, ...filters } = query;
    return this.#db.countApprovals(filters);
  }

  /** One record, or `ApprovalNotFoundError`. */
  async get(id: string): Promise<ApprovalRecord> {
    const record = await this.#db.getApproval(id);
    if (!record) throw new ApprovalNotFoundError(id);
    return record;
  }

  /** The status view of one record. */
  async status(id: string): Promise<ApprovalStatusView> {
    const { status, runId, runStatus, resolvedBy, resolvedAt } = await this.get(id);
    return { id, status, runId, runStatus, resolvedBy, resolvedAt };
  }

  /**
   * Resolves a pending record as the identity. Throws `ApprovalNotFoundError` (404),
   * `ApprovalConflictError` when somebody resolved it first (409), `ApprovalForbiddenError` for a
   * self-approval or a missing approver role (403, audited as `access-denied`), `ValidationError`
   * for resolution data the call cannot take (400).
   */
  async resolve(identity: Identity, id: string, request: ResolveRequest): Promise<ResolveOutcome> {
    const data: ApprovalResolutionData = { ...request.resolutionData };
    if (request.reason !== undefined) data.reason = request.reason;
    if (request.editedArgs !== undefined) data.editedArgs = request.editedArgs;
    // An approval with data (edited arguments, user input, a result) is checked against the record
    // and its tool before anything is written. A plain decision needs nothing of the record first:
    // the compare-and-set reads it in its own transaction, and refuses a missing one with the same 404.
    let record: ApprovalRecord | undefined;
    if (request.status === 'approved' && Object.keys(data).length > 0) {
      record = await this.get(id);
      await checkResolutionData(this.#db, this.#registry.forRecord(record), record, data);
    }
    let resolved: ApprovalRecord;
    try {
      resolved = await this.#db.updateApproval(id, {
        expectedStatus: 'pending',
        status: request.status,
        resolvedBy: identity.userId,
        resolvedByRoles: [...identity.roles],
        resolvedAt: Math.floor(Date.now() / 1000),
        resolutionData: Object.keys(data).length > 0 ? data : null,
      });
    } catch (error) {
      if (error instanceof ApprovalForbiddenError) {
        // The record was there (the refusal came from it): read it for the audit entry.
        const refused = record ?? (await this.#db.getApproval(id));
        if (refused) {
          await recordRefusal(this.#db, this.#logger, identity, {
            attempted: request.status === 'approved' ? 'approve' : 'reject',
            reason: error.reason,
            runId: refused.runId,
            approvalId: refused.id,
            toolName: refused.toolName,
            toolCallId: refused.toolCallId,
            argsDigest: refused.argsDigest,
          });
        }
      }
      throw error;
    }
    this.#bus.publish({
      type: 'approval-resolved',
      runId: resolved.runId,
      at: Date.now(),
      approvalId: resolved.id,
      toolName: resolved.toolName,
      status: resolved.status,
      resolvedBy: identity.userId,
    });
    const outcome: ResolveOutcome = { approval: resolved };
    if (request.continue === false || resolved.status === 'pending' || resolved.runStatus !== 'paused') {
      return outcome;
    }
    const target = this.#registry.forRecord(resolved);
    if (!target) {
      this.#logger.warn(
        `approval ${id} was resolved, but its ${resolved.sourceType} '${resolved.teamId ?? resolved.agentId}' is not served here; run ${resolved.runId} stays paused.`,
      );
      return outcome;
    }
    // A team member's record lives in the member's run (member runs carry their team's id); the
    // run to continue is its team's. An agent's own record names the run to continue.
    const runId =
      resolved.teamId === null
        ? resolved.runId
        : ((await this.#db.getRun(resolved.runId))?.document.parentRunId ?? resolved.runId);
    return { ...outcome, ...(await this.#runs.resume(identity, target, runId)) };
  }

  /** Expires pending records past their `expiresAt` and publishes `approval-expired` for each. */
  async expireDue(now: number = Math.floor(Date.now() / 1000)): Promise<ApprovalRecord[]> {
    const expired = await this.#db.expireApprovals(now);
    for (const record of expired) {
      this.#bus.publish({
        type: 'approval-expired',
        runId: record.runId,
        at: Date.now(),
        approvalId: record.id,
        toolName: record.toolName,
        expiresAt: record.expiresAt,
      });
    }
    return expired;
  }
}
