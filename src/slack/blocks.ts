import type { ApprovalRecord } from '../approvals/approval-record.js';
import type { RequirementData } from '../run/run-document.js';

/** `action_id` of the Approve / Confirm button. */
export const ACTION_APPROVE = 'countersign_approve';
/** `action_id` of the Reject button (opens the reason modal). */
export const ACTION_REJECT = 'countersign_reject';
/** `action_id` of the button that opens the user-input modal. */
export const ACTION_INPUT = 'countersign_input';

/** What a button or modal is about: an approval record, or a requirement of a run (the user's lane). */
export type PromptRef = { approvalId: string } | { runId: string; requirementId: string };

/** A Slack message: fallback text (notifications, screen readers) and Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** Who someone is in a message: a mention when their Slack id is known, and their Countersign id. */
export type PersonLabel = string;

const SECTION_LIMIT = 2_900;

/** Escapes the three characters Slack's mrkdwn treats as markup (`&`, `<`, `>`). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** The label of a person: `<@U0123> (alice)` when the Slack user is known, else `alice`. */
export function personLabel(userId: string | null | undefined, slackUserId: string | null): PersonLabel {
  if (userId === null || userId === undefined) return 'someone';
  return slackUserId === null ? `*${escapeText(userId)}*` : `<@${slackUserId}> (${escapeText(userId)})`;
}

/** A date Slack renders in each reader's time zone, with an ISO fallback. */
export function slackDate(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `<!date^${Math.floor(unixSeconds)}^{date_short_pretty} at {time}|${iso}>`;
}

/** Encodes a reference into a button value or a modal's private metadata. */
export function encodeRef(ref: PromptRef): string {
  return JSON.stringify(ref);
}

/** Decodes a reference made by {@link encodeRef}; `null` for anything else. */
export function decodeRef(value: unknown): PromptRef | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    if (typeof parsed.approvalId === 'string') return { approvalId: parsed.approvalId };
    if (typeof parsed.runId === 'string' && typeof parsed.requirementId === 'string') {
      return { runId: parsed.runId, requirementId: parsed.requirementId };
    }
  } catch {
    // not ours
  }
  return null;
}

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_LIMIT) } };
}

function context(text: string): Record<string, unknown> {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SECTION_LIMIT) }] };
}

function argumentsBlock(args: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.stringify(args, null, 2) ?? '{}';
  return section(`*Arguments*\n\`\`\`${truncate(escapeText(json), SECTION_LIMIT - 30)}\`\`\``);
}

function quote(text: string): string {
  return truncate(escapeText(text), 600)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function buttons(ref: PromptRef, approveLabel: string, rejectLabel: string): Record<string, unknown> {
  const value = encodeRef(ref);
  return {
    type: 'actions',
    block_id: 'countersign_decision',
    elements: [
      {
        type: 'button',
        action_id: ACTION_APPROVE,
        style: 'primary',
        text: { type: 'plain_text', text: approveLabel },
        value,
      },
      {
        type: 'button',
        action_id: ACTION_REJECT,
        style: 'danger',
        text: { type: 'plain_text', text: rejectLabel },
        value,
      },
    ],
  };
}

/** What an approver sees about a record: the tool, who asked and why, the arguments. */
function approvalBody(record: ApprovalRecord, requester: PersonLabel): Record<string, unknown>[] {
  const fields = [
    `*Tool*\n\`${escapeText(record.toolName)}\``,
    `*Agent*\n${escapeText(record.sourceName)}`,
    `*Approver role*\n${record.approverRole === null ? 'any approver' : escapeText(record.approverRole)}`,
    `*Expires*\n${record.expiresAt === null ? 'never' : slackDate(record.expiresAt)}`,
  ];
  if (record.quorum > 1) fields.push(`*Approvals needed*\n${record.quorum}`);
  return [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`Approval needed: ${record.toolName}`, 150) },
    },
    section(`${requester} asked:\n${quote(record.context.input ?? '')}`),
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    argumentsBlock(record.toolArgs),
  ];
}

/** The approval request posted to an approver channel, with Approve / Reject buttons. */
export function approvalRequestMessage(record: ApprovalRecord, requester: PersonLabel): SlackMessage {
  const votes = record.resolutionData?.votes ?? [];
  const blocks = approvalBody(record, requester);
  if (votes.length > 0) {
    blocks.push(
      context(
        `:ballot_box_with_ballot: ${votes.length} of ${record.quorum} approvals so far: ${votes
          .map((vote) => escapeText(vote.userId))
          .join(', ')}`,
      ),
    );
  }
  blocks.push(buttons({ approvalId: record.id }, 'Approve', 'Reject'));
  blocks.push(context(`Approval \`${record.id}\` · run \`${record.runId}\``));
  return {
    text: `Approval needed: ${record.toolName} requested by ${record.requestedBy ?? 'someone'}`,
    blocks,
  };
}

/** The line saying how a record ended: who decided, when, the outcome and the reason. */
export function outcomeLine(record: ApprovalRecord, resolver: PersonLabel): string {
  const at = record.resolvedAt ?? record.updatedAt;
  const reason = record.resolutionData?.reason;
  const because = typeof reason === 'string' && reason !== '' ? `: ${escapeText(reason)}` : '';
  switch (record.status) {
    case 'approved':
      return `:white_check_mark: *Approved* by ${resolver} on ${slackDate(at)}${because}`;
    case 'rejected':
      return `:x: *Rejected* by ${resolver} on ${slackDate(at)}${because}`;
    case 'expired':
      return `:hourglass: *Expired* on ${slackDate(record.expiresAt ?? at)}, nobody decided in time`;
    case 'cancelled':
      return `:no_entry_sign: *Cancelled* on ${slackDate(at)}${because}`;
    default:
      return ':hourglass_flowing_sand: Waiting for a decision';
  }
}

/** The approval message once the record is decided: the same facts, the outcome, no buttons. */
export function approvalDecidedMessage(
  record: ApprovalRecord,
  requester: PersonLabel,
  resolver: PersonLabel,
): SlackMessage {
  const line = outcomeLine(record, resolver);
  return {
    text: `${record.toolName}: ${record.status}${record.resolvedBy ? ` by ${record.resolvedBy}` : ''}`,
    blocks: [
      ...approvalBody(record, requester),
      section(line),
      context(`Approval \`${record.id}\` · run \`${record.runId}\``),
    ],
  };
}

/** The confirmation prompt posted to the run's user in their thread. */
export function confirmationMessage(
  runId: string,
  requirement: RequirementData,
  user: PersonLabel,
): SlackMessage {
  return {
    text: `Please confirm: ${requirement.toolName}`,
    blocks: [
      section(`${user}, please confirm this call of \`${escapeText(requirement.toolName)}\`:`),
      argumentsBlock(requirement.toolArgs),
      buttons({ runId, requirementId: requirement.id }, 'Confirm', 'Reject'),
    ],
  };
}

/** The prompt asking the run's user to fill the tool's fields (the button opens the modal). */
export function userInputMessage(
  runId: string,
  requirement: RequirementData,
  user: PersonLabel,
): SlackMessage {
  const fields = (requirement.userInputSchema ?? [])
    .map((field) => `\`${escapeText(field.name)}\``)
    .join(', ');
  return {
    text: `${requirement.toolName} needs your input`,
    blocks: [
      section(`${user}, \`${escapeText(requirement.toolName)}\` needs your input: ${fields}.`),
      argumentsBlock(requirement.toolArgs),
      {
        type: 'actions',
        block_id: 'countersign_input',
        elements: [
          {
            type: 'button',
            action_id: ACTION_INPUT,
            style: 'primary',
            text: { type: 'plain_text', text: 'Provide input' },
            value: encodeRef({ runId, requirementId: requirement.id }),
          },
          {
            type: 'button',
            action_id: ACTION_REJECT,
            style: 'danger',
            text: { type: 'plain_text', text: 'Reject' },
            value: encodeRef({ runId, requirementId: requirement.id }),
          },
        ],
      },
    ],
  };
}

/** How a user's prompt ended, for {@link userPromptDecidedMessage}. */
export interface UserPromptOutcome {
  status: 'confirmed' | 'rejected' | 'provided' | 'cancelled';
  by: PersonLabel;
  /** Unix seconds. */
  at: number;
  reason?: string | undefined;
}

/** The user's prompt once decided: the call, the outcome, no buttons. */
export function userPromptDecidedMessage(
  toolName: string,
  args: Record<string, unknown>,
  outcome: UserPromptOutcome,
): SlackMessage {
  const because = outcome.reason ? `: ${escapeText(outcome.reason)}` : '';
  const lines: Record<UserPromptOutcome['status'], string> = {
    confirmed: `:white_check_mark: *Confirmed* by ${outcome.by} on ${slackDate(outcome.at)}`,
    provided: `:white_check_mark: *Input provided* by ${outcome.by} on ${slackDate(outcome.at)}`,
    rejected: `:x: *Rejected* by ${outcome.by} on ${slackDate(outcome.at)}${because}`,
    cancelled: `:no_entry_sign: *Cancelled* on ${slackDate(outcome.at)}: the run was cancelled`,
  };
  return {
    text: `${toolName}: ${outcome.status}`,
    blocks: [section(`\`${escapeText(toolName)}\``), argumentsBlock(args), section(lines[outcome.status])],
  };
}

/** The note in the user's thread that a call waits for an approver (the request went to their channel). */
export function waitingForApproverMessage(record: ApprovalRecord, where: string | null): SlackMessage {
  const role =
    record.approverRole === null ? 'an approver' : `a *${escapeText(record.approverRole)}* approver`;
  const place = where === null ? ' (in the Countersign inbox)' : ` in <#${where}>`;
  return {
    text: `${record.toolName} waits for ${record.approverRole ?? 'an'} approver`,
    blocks: [
      section(`:hourglass_flowing_sand: \`${escapeText(record.toolName)}\` waits for ${role}${place}.`),
      argumentsBlock(record.toolArgs),
    ],
  };
}

/** Sections a long text is split into (Slack allows 50 blocks and 3,000 characters per section). */
const MAX_TEXT_SECTIONS = 40;

/** A plain message (answers, notes): mrkdwn-escaped text, in as many sections as it needs. */
export function textMessage(text: string): SlackMessage {
  const escaped = escapeText(text);
  const blocks: Record<string, unknown>[] = [];
  for (let start = 0; start < escaped.length && blocks.length < MAX_TEXT_SECTIONS; start += SECTION_LIMIT) {
    blocks.push(section(escaped.slice(start, start + SECTION_LIMIT)));
  }
  if (blocks.length === 0) blocks.push(section(' '));
  return { text: truncate(text, 3_000), blocks };
}
