import { z } from 'zod';
import type { Agent } from '../agent/agent.js';
import { memberRuntime } from '../agent/agent-internals.js';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { newRunDocument } from '../run/new-run-document.js';
import { claimPausedRun, resumeRun } from '../run/resume.js';
import type { RequirementData } from '../run/run-document.js';
import { runLoop } from '../run/run-loop.js';
import type { RunOutput } from '../run/run-output.js';
import { type Delegation, type MemberOutcome, noPendingWrites, type RunLeg } from '../run/run-runtime.js';
import { type AnyTool, tool } from '../tools/tool.js';

/** The name of the tool a team's model calls to hand a task to a member (Agno's name). */
export const DELEGATION_TOOL_NAME = 'delegate_task_to_member';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a member run came to, for the team: its answer, or its requirements naming the member. */
function outcomeOf(member: Agent, output: RunOutput, parentToolCallId: string): MemberOutcome {
  if (output.status === 'paused') {
    return {
      status: 'paused',
      requirements: output.requirements.map((requirement) => {
        const data = requirement.toJSON();
        data.member = { agentId: member.id, runId: output.runId, parentToolCallId };
        if (member.name !== undefined) data.member.agentName = member.name;
        return data;
      }),
    };
  }
  if (output.status === 'completed')
    return { status: 'answered', content: output.content ?? '', isError: false };
  return {
    status: 'answered',
    content: `Member ${member.id} could not finish: ${output.error?.message ?? output.status}.`,
    isError: true,
  };
}

/** Hands a member's pause to the team leg, whose own pause writes both in one transaction. */
function withTeamPause(leg: RunLeg): NonNullable<RunLeg['deferPause']> {
  return (write) => {
    leg.pendingWrites.runs = [...(leg.pendingWrites.runs ?? []), write];
  };
}

/** A member requirement as the member's own run knows it: no member field, only the user's decisions. */
function forMember(requirement: RequirementData): RequirementData {
  const { member: _member, decision, ...rest } = requirement;
  // Approvers' decisions are read again from the member's records by the member's own claim.
  if (decision !== undefined && (decision.source ?? 'user') === 'user') return { ...rest, decision };
  return rest;
}

/**
 * The delegation tool of a team and the handler that runs it: a member's run is stored in the
 * team's store with `teamId` and its parent run, so it pauses, persists and resumes like any run.
 */
export function createDelegation(
  teamId: string,
  members: readonly Agent[],
  store: () => Store,
): { tool: AnyTool; delegation: Delegation } {
  const byId = new Map(members.map((member) => [member.id, member]));
  const ids = members.map((member) => member.id) as [string, ...string[]];
  const delegationTool = tool({
    name: DELEGATION_TOOL_NAME,
    description:
      'Hand a task to one member of your team and get the member’s answer. Give the member everything it needs in the task.',
    inputSchema: z.object({
      memberId: z.enum(ids).describe('The id of the member to hand the task to.'),
      task: z.string().min(1).describe('The task, in full sentences, with the details the member needs.'),
    }),
    execute: () => {
      throw new ConfigurationError(`${DELEGATION_TOOL_NAME} runs through its team, not on its own.`);
    },
  });

  function memberOf(agentId: string): Agent {
    const member = byId.get(agentId);
    if (member === undefined) {
      throw new ConfigurationError(
        `Team ${teamId} has no member ${agentId}; a run that paused in that member needs it back in members.`,
      );
    }
    return member;
  }

  const delegation: Delegation = {
    toolName: DELEGATION_TOOL_NAME,
    memberTool: (agentId, toolName) => byId.get(agentId)?.tools.find((entry) => entry.name === toolName),

    async start(leg: RunLeg, toolCallId: string, args: Record<string, unknown>): Promise<MemberOutcome> {
      const member = memberOf(String(args.memberId));
      const runtime = await member[memberRuntime](store(), teamId);
      const parent = leg.document;
      const document = newRunDocument({
        agentId: member.id,
        teamId,
        input: String(args.task),
        userId: parent.userId,
        sessionId: parent.sessionId,
        parent: { runId: parent.runId, toolCallId },
      });
      leg.sink?.({
        type: 'run-started',
        runId: document.runId,
        at: Date.now(),
        agentId: member.id,
        sessionId: document.sessionId,
        input: document.input,
        ...(document.userId === undefined ? {} : { userId: document.userId }),
      });
      try {
        const output = await runLoop({
          runtime,
          document,
          version: null,
          sink: leg.sink,
          abortSignal: leg.abortSignal,
          journal: false,
          pendingWrites: noPendingWrites(),
          deferPause: withTeamPause(leg),
        });
        return outcomeOf(member, output, toolCallId);
      } catch (error) {
        return {
          status: 'answered',
          content: `Member ${member.id} failed: ${errorText(error)}`,
          isError: true,
        };
      }
    },

    async resume(leg: RunLeg, requirements: RequirementData[]): Promise<MemberOutcome> {
      const info = requirements[0]?.member;
      if (info === undefined) throw new ConfigurationError('A member resume needs member requirements.');
      const member = memberOf(info.agentId);
      const runtime = await member[memberRuntime](store(), teamId);
      try {
        // A member run that already finished (an earlier attempt of this leg stopped after it)
        // gives its stored answer: its calls never run twice.
        const stored = await runtime.store.getRun(info.runId);
        if (stored !== null && stored.document.status === 'completed') {
          return { status: 'answered', content: stored.document.content ?? '', isError: false };
        }
        const memberLeg = await claimPausedRun(
          runtime,
          { runId: info.runId, requirements: requirements.map(forMember) },
          leg.sink,
        );
        memberLeg.deferPause = withTeamPause(leg);
        return outcomeOf(member, await resumeRun(memberLeg), info.parentToolCallId);
      } catch (error) {
        return {
          status: 'answered',
          content: `Member ${member.id} failed: ${errorText(error)}`,
          isError: true,
        };
      }
    },
  };
  return { tool: delegationTool, delegation };
}
