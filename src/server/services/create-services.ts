import type { Store } from '../../db/store.js';
import { EventBus } from '../event-bus.js';
import { consoleLogger, type Logger } from '../logger.js';
import type { RunTarget } from '../run-target.js';
import { TargetRegistry } from '../target-registry.js';
import { ApprovalService } from './approval-service.js';
import { RunService } from './run-service.js';

/** The service layer of an AgentOS, without HTTP: what the CLI, the web UI and Slack build on. */
export interface Services {
  db: Store;
  registry: TargetRegistry;
  bus: EventBus;
  runs: RunService;
  approvals: ApprovalService;
  logger: Logger;
}

/**
 * Builds the service layer over a store and its agents and teams: the registry, the event bus,
 * and the run and approval services wired to them.
 *
 * @example
 * const { approvals } = createServices({ db, agents: [helpdesk] });
 * await approvals.resolve({ userId: 'bob', roles: ['finance'], via: 'cli' }, approvalId, { status: 'approved' });
 */
export function createServices(options: {
  db: Store;
  agents?: readonly RunTarget[] | undefined;
  teams?: readonly RunTarget[] | undefined;
  logger?: Logger | undefined;
  bus?: EventBus | undefined;
}): Services {
  const logger = options.logger ?? consoleLogger;
  const bus = options.bus ?? new EventBus();
  const registry = new TargetRegistry({
    db: options.db,
    ...(options.agents ? { agents: options.agents } : {}),
    ...(options.teams ? { teams: options.teams } : {}),
  });
  const shared = { db: options.db, registry, bus, logger };
  const runs = new RunService(shared);
  const approvals = new ApprovalService({ ...shared, runs });
  return { ...shared, runs, approvals };
}
