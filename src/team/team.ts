import type { RunOptions } from '../agent/agent.js';
import { Agent } from '../agent/agent.js';
import { teamLeader } from '../agent/agent-internals.js';
import { defaultId } from '../agent/default-id.js';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { BackgroundHookOptions } from '../hooks/background-hook-options.js';
import type { FlushSummary } from '../hooks/background-hook-worker.js';
import type { PostHook, PreHook } from '../hooks/hook-types.js';
import type { ModelReference } from '../models/resolve-model.js';
import type { ModelSettings } from '../run/model-call.js';
import type { ContinueRunOptions } from '../run/resume.js';
import type { RunOutput } from '../run/run-output.js';
import type { RunStream } from '../run/run-stream.js';
import type { AnyTool } from '../tools/tool.js';
import type { ToolEntry } from '../tools/toolkit.js';
import type { TracingOptions } from '../tracing/run-tracer.js';
import { createDelegation, DELEGATION_TOOL_NAME } from './delegation.js';

/** Options of {@link Team}. */
export interface TeamOptions {
  /** Stable id; team runs are stored under it. Defaults to the name in kebab-case, or `team`. */
  id?: string;
  name?: string;
  description?: string;
  /** The model that leads the team: it answers, uses the team's tools, and hands tasks to members. */
  model: ModelReference;
  instructions?: string;
  /** The member agents; each needs a unique id (and a description, so the leader knows whom to ask). */
  members: readonly Agent[];
  /** Tools and toolkits of the team itself (gated ones pause the team run like an agent's). */
  tools?: readonly ToolEntry[];
  /** Where team runs and member runs are stored (members use the team's store while in the team). */
  db?: Store;
  /** Bound on the leader's model calls per run (default 10). */
  maxSteps?: number;
  modelSettings?: ModelSettings;
  leaseMs?: number;
  /** Run on the team run's input before the team's model sees it (functions, `hook()`s, guardrails). */
  preHooks?: readonly PreHook<Agent>[];
  /** Run when the team run completes (also after `continueRun`); background hooks go to the outbox. */
  postHooks?: readonly PostHook<Agent>[];
  /** Retries, backoff and failure reporting of background hooks. */
  backgroundHooks?: BackgroundHookOptions;
  /** Traces of team runs, as for an agent (`true` stores them in `db`). */
  tracing?: boolean | TracingOptions;
}

function leaderInstructions(options: TeamOptions): string {
  const roster = options.members
    .map(
      (member) =>
        `- ${member.id}${member.name ? ` (${member.name})` : ''}: ${member.description ?? 'no description'}`,
    )
    .join('\n');
  const guide = `You lead a team. Hand a task to a member with ${DELEGATION_TOOL_NAME} when the member is better placed to do it, then answer the user with what you learned. Members:\n${roster}`;
  return options.instructions ? `${options.instructions}\n\n${guide}` : guide;
}

/**
 * A team: a leading model with its own tools and member agents it hands tasks to. A gated call
 * on the team's tools or inside a member pauses the team run; the requirements of a member name
 * it (`requirement.member`), its approval records name the team and the member, and
 * `team.continueRun` resumes the member exactly where it paused, then the team.
 *
 * @example
 * const team = new Team({ id: 'support', model, members: [billing, ops], db });
 * const run = await team.run('Refund order 42 and restart the billing service', { userId: 'u1' });
 * for (const requirement of run.activeRequirements) requirement.confirm();
 * const done = await team.continueRun({ runId: run.runId, requirements: run.requirements });
 */
export class Team {
  readonly id: string;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly members: readonly Agent[];
  readonly #leader: Agent;

  constructor(options: TeamOptions) {
    if (!options || options.model === undefined) {
      throw new ConfigurationError('new Team({ model, members }) needs a model to lead the team.');
    }
    const members = [...(options.members ?? [])];
    this.id = options.id ?? defaultId(options.name, 'team');
    this.name = options.name;
    this.description = options.description;
    if (members.length === 0) {
      throw new ConfigurationError(`Team ${this.id} needs at least one member agent in members.`);
    }
    const seen = new Set<string>();
    for (const member of members) {
      if (!(member instanceof Agent)) {
        throw new ConfigurationError(`Team ${this.id}: every member must be an Agent.`);
      }
      if (member.id === this.id || seen.has(member.id)) {
        throw new ConfigurationError(
          `Team ${this.id}: member id ${member.id} is used twice (or is the team's id); give each member a unique id.`,
        );
      }
      seen.add(member.id);
    }
    if ((options.tools ?? []).some((entry) => entry?.name === DELEGATION_TOOL_NAME)) {
      throw new ConfigurationError(
        `Team ${this.id}: the tool name ${DELEGATION_TOOL_NAME} is reserved for the team.`,
      );
    }
    this.members = members;
    const { tool, delegation } = createDelegation(this.id, members, () => this.#leader.db);
    this.#leader = new Agent({
      id: this.id,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.description === undefined ? {} : { description: options.description }),
      model: options.model,
      instructions: leaderInstructions(options),
      tools: [...(options.tools ?? []), tool],
      ...(options.db === undefined ? {} : { db: options.db }),
      ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
      ...(options.modelSettings === undefined ? {} : { modelSettings: options.modelSettings }),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.preHooks === undefined ? {} : { preHooks: options.preHooks }),
      ...(options.postHooks === undefined ? {} : { postHooks: options.postHooks }),
      ...(options.backgroundHooks === undefined ? {} : { backgroundHooks: options.backgroundHooks }),
      ...(options.tracing === undefined ? {} : { tracing: options.tracing }),
      [teamLeader]: { teamId: this.id, delegation },
    });
  }

  /** The store team runs and member runs are kept in. */
  get db(): Store {
    return this.#leader.db;
  }

  /** The team's own tools and its delegation tool. */
  get tools(): readonly AnyTool[] {
    return this.#leader.tools;
  }

  /** Runs the team on one message until it answers, pauses (on its own or a member's gated call), or fails. */
  run(input: string, options: RunOptions = {}): Promise<RunOutput> {
    return this.#leader.run(input, options);
  }

  /** Like {@link run}, streaming the team's events and its members'. */
  runStream(input: string, options: RunOptions = {}): RunStream {
    return this.#leader.runStream(input, options);
  }

  /** Resumes a paused team run: paused members first, exactly where they stopped, then the team. */
  continueRun(options: ContinueRunOptions): Promise<RunOutput> {
    return this.#leader.continueRun(options);
  }

  /** Like {@link continueRun}, streaming events; the first is `run-continued`. */
  continueRunStream(options: ContinueRunOptions): RunStream {
    return this.#leader.continueRunStream(options);
  }

  /** Waits until the spans of finished team legs are in the trace store. */
  flushTraces(): Promise<void> {
    return this.#leader.flushTraces();
  }

  /** Waits until the background hooks of finished team runs have run (or failed for good). */
  flushBackgroundHooks(): Promise<FlushSummary> {
    return this.#leader.flushBackgroundHooks();
  }

  /** The stored team run, from any process sharing the db, or `null` for an unknown id. */
  getRun(runId: string): Promise<RunOutput | null> {
    return this.#leader.getRun(runId);
  }
}
