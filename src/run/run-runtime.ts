import type { LanguageModelV3, LanguageModelV3FunctionTool } from '@ai-sdk/provider';
import type { ApprovalRecord } from '../approvals/approval-record.js';
import type { AuditEntryInput } from '../audit/audit-entry.js';
import type { NewHookJob, RunWrite, Store, ToolExecution } from '../db/store.js';
import type { AnyTool } from '../tools/tool.js';
import type { LegTrace } from '../tracing/leg-trace.js';
import type { RunTracer } from '../tracing/run-tracer.js';
import type { LoadedRuns } from './loaded-runs.js';
import type { ModelSettings } from './model-call.js';
import type { RequirementData, RunDocument } from './run-document.js';
import type { EventSink } from './run-events.js';

/** What the run loop needs from an agent, resolved once per agent (model loaded, tool list built). */
export interface AgentRuntime {
  id: string;
  name: string | undefined;
  model: LanguageModelV3;
  /** The system prompt, as a ready prompt message (or `undefined`). */
  system: { role: 'system'; content: string } | undefined;
  tools: ReadonlyMap<string, AnyTool>;
  /** The tools as sent to the model (user-input fields hidden); `undefined` when there are none. */
  modelTools: LanguageModelV3FunctionTool[] | undefined;
  maxSteps: number;
  modelSettings: ModelSettings | undefined;
  store: Store;
  /** Whether finished runs are stored (a user-supplied db) or only paused ones (private memory). */
  persistFinishedRuns: boolean;
  /** How long a claim holds a run before another instance may recover it. */
  leaseMs: number;
  /** The team of a team runtime or of a member's runtime inside a team. */
  teamId?: string;
  /** Whether a stored run belongs to this runtime (an agent's own runs are not its team runs). */
  owns(document: RunDocument): boolean;
  /** A team's delegation to its members; only team runtimes have one. */
  delegation?: Delegation;
  /**
   * Called when the run is about to complete, before the completed write: post-hooks and output
   * guardrails (they may rewrite the content, throw to fail the run, or add background jobs to
   * `leg.pendingWrites.hookJobs`). Returns the final content.
   */
  onComplete?: (leg: RunLeg, content: string) => Promise<string>;
  /** Opens each leg's trace (OpenTelemetry spans and store records); absent when tracing is off. */
  tracer?: RunTracer;
  /** Paused runs `getRun` loaded, which the next claim of each may start from. */
  loadedRuns?: LoadedRuns;
}

/** What a member's run came to, as the team's delegation call sees it. */
export type MemberOutcome =
  | { status: 'answered'; content: string; isError: boolean }
  | { status: 'paused'; requirements: RequirementData[] };

/**
 * How a team hands work to its members: the delegation tool starts a member's run, and a
 * continue resumes a paused member with the decisions on its requirements. A member that pauses
 * pauses the team run with the member's requirements (each naming the member).
 */
export interface Delegation {
  /** The name of the delegation tool the team's model calls. */
  toolName: string;
  start(leg: RunLeg, toolCallId: string, args: Record<string, unknown>): Promise<MemberOutcome>;
  /** Continues one member run; `requirements` are all of that run's requirements, decided. */
  resume(leg: RunLeg, requirements: RequirementData[]): Promise<MemberOutcome>;
  /** The member's tool a member requirement paused on. */
  memberTool(agentId: string, toolName: string): AnyTool | undefined;
}

/** The tool a requirement paused on: the runtime's own, or a team member's. */
export function toolOf(runtime: AgentRuntime, requirement: RequirementData): AnyTool | undefined {
  if (requirement.member === undefined) return runtime.tools.get(requirement.toolName);
  return runtime.delegation?.memberTool(requirement.member.agentId, requirement.toolName);
}

/** One leg of a run: from `run()` or `continueRun()` to the next pause or the end. */
export interface RunLeg {
  runtime: AgentRuntime;
  document: RunDocument;
  /** The stored row version; `null` while the run has never been stored. */
  version: number | null;
  sink: EventSink;
  abortSignal: AbortSignal | undefined;
  /** Claimed legs journal every tool execution, so a crash never re-runs a call silently. */
  journal: boolean;
  /**
   * Calls whose journal rows the claim already started: the earlier row when one existed, `null`
   * when the claim started it fresh. Consumed by the first execution of each call.
   */
  claimedCalls?: Map<string, ToolExecution | null>;
  /**
   * The validated arguments of the decided calls of the paused step, by tool call id (the schema's
   * defaults and transforms applied), checked once before the claim and executed as they are.
   */
  decidedArgs?: Map<string, Record<string, unknown>>;
  /** Approval records and audit entries written with the leg's next run write (same transaction). */
  pendingWrites: {
    approvals: ApprovalRecord[];
    audit: AuditEntryInput[];
    hookJobs?: NewHookJob[];
    /** Member runs that paused this team leg: written with the team's pause, in its transaction. */
    runs?: RunWrite[];
  };
  /**
   * Set on a team member's leg: its pause is not written on its own but handed to the team's leg,
   * whose pause writes it, so a crash in between leaves neither (never a paused member with
   * pending records under a team run that was not stored).
   */
  deferPause?: (write: RunWrite) => void;
  /** The leg's spans (`invoke_agent`, `chat`, `execute_tool`), when it is traced. */
  trace?: LegTrace;
}

/** An empty {@link RunLeg.pendingWrites}. */
export function noPendingWrites(): RunLeg['pendingWrites'] {
  return { approvals: [], audit: [] };
}

/** The id this process uses as lease owner. */
export const INSTANCE_ID = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
