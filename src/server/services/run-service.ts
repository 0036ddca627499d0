import type { Store } from '../../db/store.js';
import { ApprovalPendingError } from '../../errors/approval-pending-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { RequirementUnresolvedError } from '../../errors/requirement-unresolved-error.js';
import { RunConflictError } from '../../errors/run-conflict-error.js';
import { RunNotFoundError } from '../../errors/run-not-found-error.js';
import type { RequirementData, RunDocument } from '../../run/run-document.js';
import { upgradeRunDocument } from '../../run/run-document-upgrade.js';
import { RunOutput } from '../../run/run-output.js';
import type { EventBus } from '../event-bus.js';
import { hasRole, type Identity } from '../identity.js';
import type { Logger } from '../logger.js';
import type { RunTarget, RunTargetKind } from '../run-target.js';
import type { TargetRegistry } from '../target-registry.js';
import { applyDecisions, type Decision } from './apply-decisions.js';
import { cancelPausedRun } from './cancel-run.js';
import { assertMayDecide, EXECUTOR_ROLE } from './run-authority.js';
import { type OpenedLeg, openLeg, ServedLeg } from './run-leg.js';
import { type WaitingItem, waitingFor } from './waiting-for.js';

/** What `createRun` takes: the user's message (the user comes from the identity). */
export interface CreateRunRequest {
  message: string;
  sessionId?: string | undefined;
}

/** The result of a continue: the run, whether it resumed, and what it still waits for. */
export interface ContinueOutcome {
  run: RunOutput;
  /** `false` when the decisions were recorded but the run still waits (for an approver or more decisions). */
  continued: boolean;
  waitingFor: WaitingItem[];
  /** Why a resume attempted after a resolution failed (the resolution itself stands). */
  continueError?: Error;
}

/** A continue that may stream: either an opened leg, or the outcome of one that could not start yet. */
export type StreamedContinue =
  | { leg: OpenedLeg; outcome?: undefined }
  | { leg?: undefined; outcome: ContinueOutcome };

interface PreparedContinue {
  target: RunTarget;
  document: RunDocument;
  version: number;
  requirements: RequirementData[];
  changed: boolean;
}

function isNotReady(error: unknown): boolean {
  return error instanceof ApprovalPendingError || error instanceof RequirementUnresolvedError;
}

/**
 * Runs, continues and cancels runs for verified identities. The HTTP routes call it, and so can
 * the web UI and Slack: every authority rule (only the run's user decides its confirmations) and
 * every event published on the bus lives here, not in a route.
 */
export class RunService {
  readonly #db: Store;
  readonly #registry: TargetRegistry;
  readonly #bus: EventBus;
  readonly #logger: Logger;

  constructor(options: { db: Store; registry: TargetRegistry; bus: EventBus; logger: Logger }) {
    this.#db = options.db;
    this.#registry = options.registry;
    this.#bus = options.bus;
    this.#logger = options.logger;
  }

  /** Starts a run of an agent or team as the identity; the returned leg is already running. */
  startRun(identity: Identity, kind: RunTargetKind, targetId: string, request: CreateRunRequest): ServedLeg {
    const target = this.#registry.get(kind, targetId);
    const options = {
      userId: identity.userId,
      ...(request.sessionId === undefined ? {} : { sessionId: request.sessionId }),
    };
    const runStream = target.runStream?.bind(target);
    return new ServedLeg(this.#bus, {
      ...(runStream ? { stream: () => runStream(request.message, options) } : {}),
      run: () => target.run(request.message, options),
    });
  }

  /** Runs an agent or team to its answer or its first pause, and returns the run. */
  async createRun(
    identity: Identity,
    kind: RunTargetKind,
    targetId: string,
    request: CreateRunRequest,
  ): Promise<RunOutput> {
    const target = this.#registry.get(kind, targetId);
    return this.startRun(identity, kind, targetId, request).settle(target);
  }

  /** One run of a target; `RunNotFoundError` for an unknown id or another target's run. */
  async getRun(kind: RunTargetKind, targetId: string, runId: string): Promise<RunOutput> {
    const run = await this.#registry.get(kind, targetId).getRun(runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  /** Runs of every target, newest first, filtered and paged as `Store.listRuns`. */
  async listRuns(
    query: Parameters<Store['listRuns']>[0],
  ): Promise<{ items: RunOutput[]; nextCursor: string | null }> {
    const page = await this.#db.listRuns(query);
    return {
      items: page.items.map((stored) => new RunOutput(upgradeRunDocument(stored.document))),
      nextCursor: page.nextCursor,
    };
  }

  /** What a run still waits for (see {@link waitingFor}). */
  waitingFor(run: RunOutput): Promise<WaitingItem[]> {
    return waitingFor(this.#db, run, this.#registry.forRun(run)?.tools);
  }

  /**
   * Applies the identity's decisions and continues the run. When the run still waits (a pending
   * approval, undecided requirements), the decisions are stored on the paused run and the outcome
   * says `continued: false` with what is missing; nothing executes until everything is decided.
   */
  async continueRun(
    identity: Identity,
    kind: RunTargetKind,
    targetId: string,
    runId: string,
    decisions: readonly Decision[],
  ): Promise<ContinueOutcome> {
    const prepared = await this.#prepare(identity, kind, targetId, runId, decisions, 'continue');
    return this.#continuePrepared(identity, prepared);
  }

  /** Like {@link continueRun}, returning the leg to stream when the run resumes. */
  async continueRunStream(
    identity: Identity,
    kind: RunTargetKind,
    targetId: string,
    runId: string,
    decisions: readonly Decision[],
  ): Promise<StreamedContinue> {
    const prepared = await this.#prepare(identity, kind, targetId, runId, decisions, 'continue');
    const leg = this.#continueLeg(identity, prepared.target, runId, prepared.requirements);
    try {
      return { leg: await openLeg(leg) };
    } catch (error) {
      if (isNotReady(error)) return { outcome: await this.#keepDecisions(prepared) };
      throw error;
    }
  }

  /** An outside system reports the result of an externally executed call, and the run continues. */
  async reportExternalResult(
    identity: Identity,
    kind: RunTargetKind,
    targetId: string,
    runId: string,
    toolCallId: string,
    report: { result: unknown; isError?: boolean | undefined },
  ): Promise<ContinueOutcome> {
    const run = await this.getRun(kind, targetId, runId);
    const requirement = run.requirements.find(
      (candidate) => candidate.toolCallId === toolCallId && candidate.kind === 'external_execution',
    );
    if (!run.isPaused || !requirement) {
      // Who may not decide the run is refused (403, audited) before learning what it waits for.
      const stored = hasRole(identity, EXECUTOR_ROLE) ? null : await this.#db.getRun(runId);
      if (stored !== null) {
        const document = upgradeRunDocument(stored.document);
        await assertMayDecide(this.#db, this.#logger, identity, document, [], 'external-result');
      }
      throw new NotFoundError(
        'tool call',
        toolCallId,
        `Run ${runId} has no external execution waiting for tool call ${toolCallId}` +
          `${run.isPaused ? '' : ` (the run is ${run.status})`}. Check the tool call id in the run's requirements.`,
      );
    }
    const decision: Decision = {
      requirementId: requirement.id,
      result: report.result,
      isError: report.isError,
    };
    const prepared = await this.#prepare(identity, kind, targetId, runId, [decision], 'external-result');
    return this.#continuePrepared(identity, prepared);
  }

  /**
   * Tries to resume a paused run after a resolution, as the resolver. A run that still waits, or
   * that somebody else resumed first, is reported with `continued: false`; any other failure is
   * reported in `continueError`, since the resolution that triggered it stands.
   */
  async resume(identity: Identity, target: RunTarget, runId: string): Promise<ContinueOutcome> {
    const leg = this.#continueLeg(identity, target, runId, undefined);
    try {
      const run = await leg.settle(target);
      return { run, continued: true, waitingFor: await this.waitingFor(run) };
    } catch (error) {
      const run = await target.getRun(runId);
      if (!run) throw error;
      const outcome: ContinueOutcome = { run, continued: false, waitingFor: await this.waitingFor(run) };
      if (!isNotReady(error) && !(error instanceof RunConflictError)) {
        outcome.continueError = error instanceof Error ? error : new Error(String(error));
        this.#logger.warn(
          `run ${runId} could not resume after a resolution: ${outcome.continueError.message}`,
        );
      }
      return outcome;
    }
  }

  /** Cancels a paused run: the run becomes `cancelled` and its pending approval records `cancelled`. */
  async cancelRun(
    identity: Identity,
    kind: RunTargetKind,
    targetId: string,
    runId: string,
  ): Promise<RunOutput> {
    const target = this.#registry.get(kind, targetId);
    const stored = await this.#load(target, runId);
    const document = upgradeRunDocument(stored.document);
    await assertMayDecide(this.#db, this.#logger, identity, document, [], 'cancel');
    await cancelPausedRun(this.#db, this.#bus, identity, document, stored.version);
    return (await target.getRun(runId)) ?? new RunOutput(document);
  }

  async #load(target: RunTarget, runId: string) {
    const visible = await target.getRun(runId);
    const stored = visible ? await this.#db.getRun(runId) : null;
    if (!stored) throw new RunNotFoundError(runId);
    return stored;
  }

  async #prepare(
    identity: Identity,
    kind: RunTargetKind,
    targetId: string,
    runId: string,
    decisions: readonly Decision[],
    attempted: string,
  ): Promise<PreparedContinue> {
    const target = this.#registry.get(kind, targetId);
    const stored = await this.#load(target, runId);
    const document = upgradeRunDocument(stored.document);
    await assertMayDecide(this.#db, this.#logger, identity, document, decisions, attempted);
    // A run left `running` past its lease lost its process (a crash): a continue without new
    // decisions recovers it (the tool-execution journal keeps its calls from running twice).
    const abandoned =
      document.status === 'running' && stored.leaseUntil !== null && stored.leaseUntil < Date.now();
    if (document.status !== 'paused' && !(abandoned && decisions.length === 0)) {
      throw new RunConflictError(runId, document.status);
    }
    const requirements = applyDecisions(document.requirements, decisions, identity.userId);
    return { target, document, version: stored.version, requirements, changed: decisions.length > 0 };
  }

  #continueLeg(
    identity: Identity,
    target: RunTarget,
    runId: string,
    requirements: RequirementData[] | undefined,
  ): ServedLeg {
    const options = { runId, userId: identity.userId, ...(requirements ? { requirements } : {}) };
    const continueStream = target.continueRunStream?.bind(target);
    return new ServedLeg(this.#bus, {
      runId,
      ...(continueStream ? { stream: () => continueStream(options) } : {}),
      run: () => target.continueRun(options),
    });
  }

  async #continuePrepared(identity: Identity, prepared: PreparedContinue): Promise<ContinueOutcome> {
    const { target, document } = prepared;
    const leg = this.#continueLeg(identity, target, document.runId, prepared.requirements);
    try {
      const run = await leg.settle(target);
      return { run, continued: true, waitingFor: await this.waitingFor(run) };
    } catch (error) {
      if (isNotReady(error)) return this.#keepDecisions(prepared);
      throw error;
    }
  }

  /** Stores the decisions on the paused run (compare-and-set on its version) until it can resume. */
  async #keepDecisions(prepared: PreparedContinue): Promise<ContinueOutcome> {
    const { document, target } = prepared;
    if (prepared.changed) {
      const updated: RunDocument = {
        ...document,
        requirements: prepared.requirements,
        updatedAt: Math.floor(Date.now() / 1000),
      };
      await this.#db.saveRun(updated, { expectedVersion: prepared.version, expectedStatus: 'paused' });
    }
    const run = (await target.getRun(document.runId)) ?? new RunOutput(document);
    return { run, continued: false, waitingFor: await this.waitingFor(run) };
  }
}
