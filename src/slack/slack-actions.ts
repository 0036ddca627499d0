import { AccessDeniedError } from '../errors/access-denied-error.js';
import { ApprovalConflictError } from '../errors/approval-conflict-error.js';
import { CountersignError } from '../errors/countersign-error.js';
import { RunConflictError } from '../errors/run-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { RunDocument } from '../run/run-document.js';
import { ADMIN_ROLE, type Identity } from '../server/identity.js';
import type { Decision } from '../server/services/apply-decisions.js';
import type { ResolveRequest } from '../server/services/approval-service.js';
import { recordRefusal } from '../server/services/refusal-audit.js';
import { ACTION_APPROVE, ACTION_INPUT, ACTION_REJECT, decodeRef, type PromptRef } from './blocks.js';
import {
  fieldBlockId,
  type ModalMetadata,
  REASON_BLOCK,
  readModalMetadata,
  readReason,
  readUserInput,
  rejectReasonView,
  userInputView,
  VIEW_REJECT,
  VIEW_USER_INPUT,
  type ViewStateValues,
} from './modals.js';
import type { SlackContext } from './slack-context.js';
import type { SlackNotifier } from './slack-notifier.js';

/** The parts of an interaction payload Countersign reads (block actions and view submissions). */
export interface InteractionPayload {
  type?: string;
  user?: { id?: string; username?: string; team_id?: string };
  team?: { id?: string } | null;
  trigger_id?: string;
  channel?: { id?: string } | null;
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts?: string; thread_ts?: string };
  actions?: { action_id?: string; value?: string }[];
  view?: { callback_id?: string; private_metadata?: string; state?: { values?: ViewStateValues } };
}

/** What the interaction endpoint answers: nothing (200, closes a modal) or a modal's field errors. */
export type InteractionReply = { response_action: 'errors'; errors: Record<string, string> } | null;

const NOT_LINKED =
  'Your Slack account is not linked to a Countersign identity, so you cannot decide here. ' +
  "Ask an admin to add you to the Slack interface's userMap (or to turn on resolveByEmail).";

function messageOf(error: unknown): string {
  if (error instanceof CountersignError) return error.message;
  return 'Something went wrong on the Countersign server; its log has the details.';
}

/**
 * Handles what Slack users click and submit: Approve and Confirm decide at once, Reject opens a
 * modal asking for the reason, Provide input opens a modal with the tool's fields. Every decision
 * is made as the Countersign identity the Slack user maps to, through the same services as the
 * HTTP API (the approval's compare-and-set, the run owner's continue), so the same rules hold:
 * no self-approval, the approver role, quorum, only the run's user decides its prompts. The
 * decision is stored before Slack gets its answer; the run then resumes in the background.
 */
export class SlackActions {
  readonly #context: SlackContext;
  readonly #notifier: SlackNotifier;

  constructor(context: SlackContext, notifier: SlackNotifier) {
    this.#context = context;
    this.#notifier = notifier;
  }

  /** Handles one verified interaction payload. */
  async handle(payload: InteractionPayload): Promise<InteractionReply> {
    if (payload.type === 'block_actions') {
      await this.#blockAction(payload);
      return null;
    }
    if (payload.type === 'view_submission') return this.#viewSubmission(payload);
    return null;
  }

  async #identity(payload: InteractionPayload): Promise<Identity | null> {
    const id = payload.user?.id;
    if (id === undefined) return null;
    return this.#context.identities.identityOf({
      id,
      teamId: payload.user?.team_id ?? payload.team?.id,
      name: payload.user?.username,
    });
  }

  async #blockAction(payload: InteractionPayload): Promise<void> {
    const action = payload.actions?.[0];
    const ref = decodeRef(action?.value);
    const slackUser = payload.user?.id;
    if (action === undefined || ref === null || slackUser === undefined) return;
    const where = {
      channel: payload.channel?.id ?? payload.container?.channel_id,
      threadTs: payload.message?.thread_ts ?? payload.container?.thread_ts,
    };
    const notify = (text: string) => this.#notice(where, slackUser, text);
    let identity: Identity | null;
    try {
      identity = await this.#identity(payload);
    } catch (error) {
      this.#context.fail('look the Slack user up', error);
      notify('Countersign could not look your Slack account up just now; try again in a moment.');
      return;
    }
    if (identity === null) {
      notify(NOT_LINKED);
      const attempted = {
        [ACTION_APPROVE]: 'approve',
        [ACTION_REJECT]: 'reject',
        [ACTION_INPUT]: 'provide-input',
      }[action.action_id ?? ''];
      if (attempted !== undefined) await this.#refuseUnlinked(slackUser, ref, attempted);
      return;
    }
    try {
      if (action.action_id === ACTION_APPROVE) {
        if ('approvalId' in ref) await this.#resolve(identity, ref.approvalId, { status: 'approved' });
        else await this.#decide(identity, ref, { confirm: true });
      } else if (action.action_id === ACTION_REJECT || action.action_id === ACTION_INPUT) {
        await this.#openModal(identity, ref, action.action_id, payload.trigger_id, where);
      }
    } catch (error) {
      notify(await this.#explain(error, ref));
    }
  }

  async #openModal(
    identity: Identity,
    ref: PromptRef,
    actionId: string,
    triggerId: string | undefined,
    where: { channel?: string | undefined; threadTs?: string | undefined },
  ): Promise<void> {
    if (triggerId === undefined) return;
    const meta: ModalMetadata = { ref, ...where };
    if ('approvalId' in ref) {
      const record = await this.#context.os.approvals.get(ref.approvalId);
      if (record.status !== 'pending') throw new ApprovalConflictError(record.id, 'pending', record.status);
      await this.#context.client.openView(triggerId, rejectReasonView(record.toolName, meta));
      return;
    }
    const { document, requirement } = await this.#requirement(identity, ref);
    if (actionId === ACTION_REJECT) {
      await this.#context.client.openView(triggerId, rejectReasonView(requirement.toolName, meta));
      return;
    }
    const fields = requirement.userInputSchema ?? [];
    const tool = this.#context.os.registry
      .forRun(document)
      ?.tools?.find((item) => item.name === requirement.toolName);
    const choices: Record<string, string[]> = {};
    for (const field of fields) {
      const values = tool?.schema.jsonSchema.properties?.[field.name];
      const options = typeof values === 'object' && values !== null ? values.enum : undefined;
      if (Array.isArray(options) && options.every((option) => typeof option === 'string')) {
        choices[field.name] = options as string[];
      }
    }
    await this.#context.client.openView(
      triggerId,
      userInputView(requirement.toolName, fields, choices, meta),
    );
  }

  async #viewSubmission(payload: InteractionPayload): Promise<InteractionReply> {
    const view = payload.view;
    const meta = readModalMetadata(view?.private_metadata);
    if (view === undefined || meta === null) return null;
    const state = view.state?.values ?? {};
    const firstBlock = Object.keys(state)[0] ?? REASON_BLOCK;
    const refuse = (text: string, block = firstBlock): InteractionReply => ({
      response_action: 'errors',
      errors: { [block]: text.slice(0, 2_000) },
    });
    let identity: Identity | null;
    try {
      identity = await this.#identity(payload);
    } catch (error) {
      this.#context.fail('look the Slack user up', error);
      return refuse('Countersign could not look your Slack account up just now; try again in a moment.');
    }
    const { ref } = meta;
    if (identity === null) {
      const slackUser = payload.user?.id ?? 'unknown';
      await this.#refuseUnlinked(
        slackUser,
        ref,
        view.callback_id === VIEW_REJECT ? 'reject' : 'provide-input',
      );
      return refuse(NOT_LINKED);
    }
    if (view.callback_id === VIEW_REJECT) {
      const reason = readReason(state);
      try {
        if ('approvalId' in ref)
          await this.#resolve(identity, ref.approvalId, { status: 'rejected', reason });
        else await this.#decide(identity, ref, { confirm: false, ...(reason === '' ? {} : { reason }) });
        return null;
      } catch (error) {
        return refuse(await this.#explain(error, ref), REASON_BLOCK);
      }
    }
    if (view.callback_id !== VIEW_USER_INPUT || 'approvalId' in ref) return null;
    try {
      const { requirement } = await this.#requirement(identity, ref);
      const fields = requirement.userInputSchema ?? [];
      const { values, errors } = readUserInput(state, fields);
      if (Object.keys(errors).length > 0) return { response_action: 'errors', errors };
      await this.#decide(identity, ref, { userInput: values });
      return null;
    } catch (error) {
      if (error instanceof ValidationError) {
        const errors: Record<string, string> = {};
        for (const issue of error.issues) {
          const field = /(?:^|\.)userInput\.([^.]+)/.exec(issue.path)?.[1] ?? issue.path.split('.')[0] ?? '';
          const block = state[fieldBlockId(field)] === undefined ? firstBlock : fieldBlockId(field);
          errors[block] = `${errors[block] ? `${errors[block]} ` : ''}${issue.message}`.slice(0, 2_000);
        }
        if (Object.keys(errors).length > 0) return { response_action: 'errors', errors };
      }
      return refuse(await this.#explain(error, ref));
    }
  }

  /**
   * Resolves an approval record as the identity: the compare-and-set happens now (so a refusal is
   * reported at once); the run resumes in the background once all its gates are decided.
   */
  async #resolve(identity: Identity, approvalId: string, request: ResolveRequest): Promise<void> {
    const { os, queue } = this.#context;
    const { approval } = await os.approvals.resolve(identity, approvalId, { ...request, continue: false });
    if (approval.status === 'pending' || approval.runStatus !== 'paused') return;
    const target = os.registry.forRecord(approval);
    if (target === undefined) return;
    queue.track(os.runs.resume(identity, target, approval.runId));
  }

  /**
   * Decides a requirement of the user's lane as the identity through the run service (which lets
   * only the run's user or an admin decide). Refusals and invalid input throw before anything runs;
   * the resumed run goes on in the background.
   */
  async #decide(
    identity: Identity,
    ref: { runId: string; requirementId: string },
    decision: Omit<Decision, 'requirementId'>,
  ): Promise<void> {
    const { os, queue } = this.#context;
    const stored = await os.db.getRun(ref.runId);
    const document = stored?.document;
    const kind = document?.teamId === undefined ? 'agent' : 'team';
    const targetId = document?.teamId ?? document?.agentId ?? this.#context.agentId;
    const streamed = await os.runs.continueRunStream(identity, kind, targetId, ref.runId, [
      { requirementId: ref.requirementId, ...decision },
    ]);
    if (streamed.leg !== undefined) queue.track(streamed.leg.output);
    else this.#notifier.refreshUserPrompts(ref.runId);
  }

  /** The paused run and one of its requirements, for a prompt only the run's user (or an admin) answers. */
  async #requirement(identity: Identity, ref: { runId: string; requirementId: string }) {
    const run = await this.#context.os.db.getRun(ref.runId);
    const document: RunDocument | undefined = run?.document;
    const requirement = document?.requirements.find((item) => item.id === ref.requirementId);
    if (document === undefined || requirement === undefined || document.status !== 'paused') {
      throw new RunConflictError(
        ref.runId,
        document?.status ?? 'unknown',
        `This prompt is no longer open: run ${ref.runId} is ${document?.status ?? 'gone'} and does not wait for it.`,
      );
    }
    if (document.userId !== identity.userId && !identity.roles.includes(ADMIN_ROLE)) {
      await recordRefusal(this.#context.os.db, this.#context.logger, identity, {
        attempted: 'answer-prompt',
        reason: 'not-run-owner',
        runId: ref.runId,
        toolName: requirement.toolName,
        toolCallId: requirement.toolCallId,
      });
      throw new AccessDeniedError(
        identity.userId,
        'not-run-owner',
        `Only ${document.userId ?? 'the run’s user'} (or an '${ADMIN_ROLE}') can answer this prompt.`,
        ref.runId,
      );
    }
    return { document, requirement };
  }

  /**
   * Audits a click or submission by a Slack user who maps to no Countersign identity, as
   * `access-denied` by `slack:<user id>`: Slack signed the request, so the entries are bounded by
   * what the workspace's members do, like any verified identity's refusals.
   */
  async #refuseUnlinked(slackUser: string, ref: PromptRef, attempted: string): Promise<void> {
    const { os, logger } = this.#context;
    await recordRefusal(
      os.db,
      logger,
      { userId: `slack:${slackUser.slice(0, 64)}`, roles: [], via: 'slack' },
      {
        attempted,
        reason: 'unlinked-slack-user',
        ...('approvalId' in ref ? { approvalId: ref.approvalId } : { runId: ref.runId }),
      },
    );
  }

  /** What to tell the Slack user about a refusal; a conflict names who decided first. */
  async #explain(error: unknown, ref: PromptRef): Promise<string> {
    if (error instanceof ApprovalConflictError && 'approvalId' in ref) {
      const record = await this.#context.os.db.getApproval(ref.approvalId).catch(() => null);
      if (record !== null) {
        // The message may be stale (a decision made while Slack was unreachable): show the outcome.
        this.#context.queue.enqueue(record.runId, () =>
          this.#notifier.updateApprovalMessages(record.runId, ref.approvalId),
        );
        return `This request was already ${record.status}${record.resolvedBy ? ` by ${record.resolvedBy}` : ''}.`;
      }
    }
    if (error instanceof RunConflictError && 'runId' in ref) {
      return `This prompt was already answered: the run is ${error.actualStatus ?? 'no longer waiting'}.`;
    }
    if (!(error instanceof CountersignError)) this.#context.fail('handle a Slack interaction', error);
    return messageOf(error);
  }

  /** Shows a notice only the Slack user sees, in the channel of the prompt (in the background). */
  #notice(
    where: { channel?: string | undefined; threadTs?: string | undefined },
    user: string,
    text: string,
  ): void {
    const channel = where.channel;
    if (channel === undefined) return;
    const { client, queue } = this.#context;
    queue.track(
      client
        .postEphemeral({ channel, user, text, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) })
        .catch((error: unknown) => this.#context.fail('show a notice to the Slack user', error)),
    );
  }
}
