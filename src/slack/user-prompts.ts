import type { AuditEntry } from '../audit/audit-entry.js';
import type { SlackMessageRecord } from '../db/store.js';
import { isUserInputKind, type RequirementData, type RunDocument } from '../run/run-document.js';
import { personLabel, type UserPromptOutcome, userPromptDecidedMessage } from './blocks.js';
import type { SlackContext } from './slack-context.js';

/** The audit actions of a user's decision, written when the run is continued. */
const USER_DECISIONS = new Set(['approval-confirmed', 'approval-rejected']);

/**
 * Keeps the prompts posted to a run's user in step with the run: once a prompt's requirement is
 * decided (in Slack, the web UI or the API) or the run is cancelled, its buttons give way to the
 * outcome. The decision is read from the stored run while it waits, and from the audit log (the
 * user's `approval-confirmed` / `approval-rejected` entry) once it continued.
 */
export class UserPrompts {
  readonly #context: SlackContext;
  /** Prompts already showing their outcome (`runId:requirementId`); a restart only re-renders them once. */
  readonly #settled = new Set<string>();

  constructor(context: SlackContext) {
    this.#context = context;
  }

  /** Updates every open user prompt of the run whose requirement is decided. */
  async refresh(runId: string): Promise<void> {
    const { os } = this.#context;
    const prompts = (await os.db.listSlackMessages(runId)).filter(
      (row) => row.audience === 'user' && !this.#settled.has(`${row.runId}:${row.requirementId}`),
    );
    if (prompts.length === 0) return;
    const stored = await os.db.getRun(runId);
    if (stored === null) return;
    let audit: AuditEntry[] | undefined;
    for (const prompt of prompts) {
      const requirement = stored.document.requirements.find((item) => item.id === prompt.requirementId);
      let outcome = await this.#fromRequirement(requirement);
      if (outcome === null && stored.document.status !== 'paused') {
        audit ??= (await os.db.listAudit({ runId, limit: 1_000 })).items;
        outcome = await this.#fromAudit(audit, prompt, requirement);
      }
      if (outcome === null && stored.document.status === 'cancelled') {
        outcome = { status: 'cancelled', by: '', at: stored.document.updatedAt };
      }
      if (outcome === null) continue;
      await this.#render(stored.document, prompt, requirement, outcome);
    }
  }

  async #label(userId: string | undefined): Promise<string> {
    if (userId === undefined) return 'someone';
    return personLabel(userId, await this.#context.identities.slackUserOf(userId));
  }

  async #fromRequirement(requirement: RequirementData | undefined): Promise<UserPromptOutcome | null> {
    const decision = requirement?.decision;
    if (requirement === undefined || decision === undefined) return null;
    if (decision.source !== undefined && decision.source !== 'user') return null;
    return {
      status: decision.confirmed
        ? isUserInputKind(requirement.kind)
          ? 'provided'
          : 'confirmed'
        : 'rejected',
      by: await this.#label(decision.decidedBy),
      at: decision.decidedAt ?? Math.floor(Date.now() / 1000),
      reason: decision.reason,
    };
  }

  async #fromAudit(
    audit: readonly AuditEntry[],
    prompt: SlackMessageRecord,
    requirement: RequirementData | undefined,
  ): Promise<UserPromptOutcome | null> {
    const entry = audit.findLast(
      (candidate) => USER_DECISIONS.has(candidate.action) && candidate.toolCallId === prompt.toolCallId,
    );
    if (entry === undefined) return null;
    const confirmed = entry.action === 'approval-confirmed';
    const reason = entry.data?.reason;
    const kind = requirement?.kind ?? entry.data?.kind;
    return {
      status: confirmed
        ? kind === 'user_input' || kind === 'user_feedback'
          ? 'provided'
          : 'confirmed'
        : 'rejected',
      by: await this.#label(entry.actor),
      at: Math.floor(entry.at / 1000),
      reason: typeof reason === 'string' ? reason : undefined,
    };
  }

  async #render(
    document: RunDocument,
    prompt: SlackMessageRecord,
    requirement: RequirementData | undefined,
    outcome: UserPromptOutcome,
  ): Promise<void> {
    const call = document.toolCalls.find((item) => item.toolCallId === prompt.toolCallId);
    const toolName = requirement?.toolName ?? call?.toolName ?? 'tool call';
    const args = requirement?.toolArgs ?? call?.args ?? {};
    try {
      await this.#context.client.update({
        channel: prompt.channel,
        ts: prompt.ts,
        ...userPromptDecidedMessage(toolName, args, outcome),
      });
      if (this.#settled.size >= 10_000) this.#settled.clear();
      this.#settled.add(`${prompt.runId}:${prompt.requirementId}`);
    } catch (error) {
      this.#context.fail('update the prompt to the user', error, { runId: prompt.runId });
    }
  }
}
