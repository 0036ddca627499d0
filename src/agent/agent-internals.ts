import type { Delegation } from '../run/run-runtime.js';

/**
 * Package-internal extension points of `Agent` used by `Team` (symbols, so they stay off the
 * public surface): a team runs its leader as an agent with a delegation, and runs its members
 * on the team's store.
 */

/** Agent option key: the agent is a team's leader; its runs are the team's runs. */
export const teamLeader: unique symbol = Symbol('countersign.teamLeader');

/** Agent method key: the agent's runtime as a member of a team, on the team's store. */
export const memberRuntime: unique symbol = Symbol('countersign.memberRuntime');

/** What the leader option carries. */
export interface TeamLeaderOptions {
  teamId: string;
  delegation: Delegation;
}
