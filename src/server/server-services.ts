import type { Store } from '../db/store.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';
import type { ApprovalService } from './services/approval-service.js';
import type { RunService } from './services/run-service.js';
import type { UnauthenticatedRefusals } from './services/unauthenticated-refusals.js';
import type { TargetRegistry } from './target-registry.js';

/** What the routes of an AgentOS use: its store, targets, bus and services. */
export interface ServerServices {
  db: Store;
  registry: TargetRegistry;
  bus: EventBus;
  runs: RunService;
  approvals: ApprovalService;
  logger: Logger;
  dev: boolean;
  /** Where 401s are audited (aggregated per route and reason); without it they are only logged. */
  refusals?: UnauthenticatedRefusals;
}
