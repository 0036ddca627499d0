import type { ApprovalRecord } from '../approvals/approval-record.js';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import type { RunTarget, RunTargetKind } from './run-target.js';

/**
 * The agents and teams an AgentOS serves, by id. Every target must keep its runs in the AgentOS's
 * store, or approvals resolved here could never resume them.
 */
export class TargetRegistry {
  readonly #targets: Record<RunTargetKind, Map<string, RunTarget>> = { agent: new Map(), team: new Map() };

  constructor(options: { agents?: readonly RunTarget[]; teams?: readonly RunTarget[]; db: Store }) {
    this.#add('agent', options.agents ?? [], options.db);
    this.#add('team', options.teams ?? [], options.db);
  }

  #add(kind: RunTargetKind, targets: readonly RunTarget[], db: Store): void {
    const map = this.#targets[kind];
    for (const target of targets) {
      if (typeof target?.id !== 'string' || typeof target.run !== 'function') {
        throw new ConfigurationError(
          `Every entry of ${kind}s must be ${kind === 'agent' ? 'an Agent' : 'a Team'} (an object with id, run, continueRun and getRun).`,
        );
      }
      if (map.has(target.id)) {
        throw new ConfigurationError(`Two ${kind}s have the id '${target.id}'; ${kind} ids must be unique.`);
      }
      if (target.db !== undefined && target.db !== db) {
        throw new ConfigurationError(
          `The ${kind} '${target.id}' keeps its runs in another store than the AgentOS db. ` +
            `Create it with the same db ({ db }) so its paused runs can be listed, approved and continued here.`,
        );
      }
      map.set(target.id, target);
    }
  }

  /** Every target of a kind, in configuration order. */
  list(kind: RunTargetKind): RunTarget[] {
    return [...this.#targets[kind].values()];
  }

  /** One target, or `NotFoundError` (HTTP 404). */
  get(kind: RunTargetKind, id: string): RunTarget {
    const target = this.#targets[kind].get(id);
    if (!target) throw new NotFoundError(kind, id);
    return target;
  }

  /** The target that owns an approval record's run, or `undefined` when it is not served here. */
  forRecord(record: Pick<ApprovalRecord, 'sourceType' | 'agentId' | 'teamId'>): RunTarget | undefined {
    if (record.sourceType === 'team' && record.teamId !== null) return this.#targets.team.get(record.teamId);
    return this.#targets.agent.get(record.agentId);
  }

  /** The target that owns a run document, or `undefined`. */
  forRun(document: { agentId: string; teamId?: string | undefined }): RunTarget | undefined {
    if (document.teamId !== undefined) return this.#targets.team.get(document.teamId);
    return this.#targets.agent.get(document.agentId);
  }
}
