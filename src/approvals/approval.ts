import { ConfigurationError } from '../errors/configuration-error.js';
import type { AnyTool, Tool, ToolExecuteContext } from '../tools/tool.js';
import type { ApprovalType } from './approval-record.js';

/** What `when` receives besides the arguments. */
export type ApprovalWhenContext = Pick<
  ToolExecuteContext,
  'runId' | 'sessionId' | 'userId' | 'agentId' | 'toolCallId'
>;

/** Options of {@link approval}. */
export interface ApprovalOptions<TInput = Record<string, unknown>> {
  /** `required` (default) blocks until an approver signs off; `audit` never blocks and only records. */
  type?: ApprovalType;
  /** The role an approver must hold (`admin` always may). */
  approverRole?: string;
  /** How long the record stays open: seconds, or a duration such as `'30m'`, `'24h'`, `'7d'`. */
  expiresIn?: number | string;
  /** Distinct approvers needed (default 1). */
  quorum?: number;
  /**
   * Whether this call needs the approval at all, decided on the model's arguments at pause time.
   * `false` makes the call behave like the bare tool; a `when` that throws counts as `true`.
   */
  when?: (args: TInput, context: ApprovalWhenContext) => boolean;
}

/** The approval policy of a tool, as `approval()` attached it. */
export interface ApprovalPolicy {
  type: ApprovalType;
  approverRole: string | null;
  /** Seconds, or `null` for no expiry. */
  expiresInSeconds: number | null;
  quorum: number;
  when: ((args: Record<string, unknown>, context: ApprovalWhenContext) => boolean) | undefined;
  /** The tool's own pause lane before `approval()` implied a confirmation (`null`: none). */
  baseLane: Tool['pauseLane'];
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Parses `expiresIn` (`90`, `'90s'`, `'30m'`, `'24h'`, `'7d'`, `'2w'`) into seconds. */
export function parseDuration(value: number | string, label = 'expiresIn'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return Math.floor(value);
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/.exec(value);
    if (match) return Math.floor(Number(match[1]) * (UNITS[match[2] as string] as number));
  }
  throw new ConfigurationError(
    `${label} must be a positive number of seconds or a duration like '30m', '24h' or '7d'; got ${JSON.stringify(value)}.`,
  );
}

function isTool(value: unknown): value is AnyTool {
  return typeof value === 'object' && value !== null && (value as AnyTool).kind === 'countersign-tool';
}

/**
 * Puts a tool under approval. `required` (the default) pauses every call until an approver with
 * the right role signs off, writing one approval record per call; it implies
 * `requiresConfirmation` when the tool has no pause flag of its own, and composes with
 * `requiresConfirmation` (both must say yes), `requiresUserInput` and `externalExecution`.
 * `audit` never blocks: it writes a record once the user decided (or, for a tool without a
 * pause flag, once the call ran).
 *
 * @example
 * const refund = approval({ approverRole: 'finance', expiresIn: '24h', when: (args) => args.amount > 1000 },
 *   tool({ name: 'issue_refund', inputSchema, requiresConfirmation: true, execute }));
 */
export function approval<TInput>(tool: Tool<TInput>): Tool<TInput>;
export function approval<TInput>(options: ApprovalOptions<TInput>, tool: Tool<TInput>): Tool<TInput>;
export function approval<TInput>(
  first: ApprovalOptions<TInput> | Tool<TInput>,
  second?: Tool<TInput>,
): Tool<TInput> {
  const options = (isTool(first) ? {} : first) as ApprovalOptions<TInput>;
  const target: unknown = isTool(first) ? first : second;
  if (!isTool(target)) {
    throw new ConfigurationError(
      'approval(options, tool): the last argument must be a tool made with tool({...}).',
    );
  }
  if (target.approval !== undefined) {
    throw new ConfigurationError(
      `Tool ${target.name} is already wrapped with approval(); wrap it once with the options you need.`,
    );
  }
  const type = options.type ?? 'required';
  if (type !== 'required' && type !== 'audit') {
    throw new ConfigurationError(`approval type must be 'required' or 'audit', got ${JSON.stringify(type)}.`);
  }
  const quorum = options.quorum ?? 1;
  if (!Number.isInteger(quorum) || quorum < 1) {
    throw new ConfigurationError(
      `approval quorum must be a positive integer, got ${String(options.quorum)}.`,
    );
  }
  if (options.when !== undefined && typeof options.when !== 'function') {
    throw new ConfigurationError('approval when must be a function (args, context) => boolean.');
  }
  const policy: ApprovalPolicy = {
    type,
    approverRole: options.approverRole ?? null,
    expiresInSeconds: options.expiresIn === undefined ? null : parseDuration(options.expiresIn),
    quorum,
    when: options.when as ApprovalPolicy['when'],
    baseLane: target.pauseLane,
  };
  // A required approval always pauses; with no lane of its own the call pauses for confirmation.
  const pauseLane = type === 'required' && target.pauseLane === null ? 'confirmation' : target.pauseLane;
  return Object.freeze({ ...(target as Tool<TInput>), pauseLane, approval: policy });
}

/**
 * The lane and policy that apply to one call: `when` is asked here (a throw counts as `true`, so
 * the gate fails closed), and a policy that does not apply leaves the bare tool.
 */
export function gateOf(
  tool: AnyTool,
  args: Record<string, unknown>,
  context: ApprovalWhenContext,
): { lane: Tool['pauseLane']; policy: ApprovalPolicy | undefined } {
  const policy = tool.approval;
  if (policy === undefined) return { lane: tool.pauseLane, policy: undefined };
  if (policy.when !== undefined) {
    let applies = true;
    try {
      applies = policy.when(args, context) !== false;
    } catch {
      applies = true;
    }
    if (!applies) return { lane: policy.baseLane, policy: undefined };
  }
  return { lane: tool.pauseLane, policy };
}
