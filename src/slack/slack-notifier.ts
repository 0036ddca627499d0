import type { ApprovalRecord } from '../approvals/approval-record.js';
import type { SlackMessageRecord } from '../db/store.js';
import type { RunDocument } from '../run/run-document.js';
import { RunOutput } from '../run/run-output.js';
import type { ServerEvent } from '../server/event-bus.js';
import {
  approvalDecidedMessage,
  approvalRequestMessage,
  confirmationMessage,
  personLabel,
  type SlackMessage,
  textMessage,
  userInputMessage,
  waitingForApproverMessage,
} from './blocks.js';
import { approverChannelFor, type SlackContext } from './slack-context.js';
import type { SlackThread } from './slack-threads.js';
import { UserPrompts } from './user-prompts.js';

const KNOWN_THREADS_LIMIT = 10_000;

/**
 * Turns the AgentOS events into Slack messages: when a run pauses, the prompts (to the run's user
 * in its thread, to the approver channel of each approval record); when a record is decided or
 * expires, wherever it was decided, the update of its message; when a run ends, its answer in
 * the thread. The work happens after the event (the pause is stored by then), per run in order,
 * and a failure is logged and kept, never thrown at the run.
 */
export class SlackNotifier {
  readonly #context: SlackContext;
  readonly #prompts: UserPrompts;
  /** Run id -> its Slack thread (`null`: not a Slack conversation), learnt from events and reads. */
  readonly #threads = new Map<string, SlackThread | null>();

  constructor(context: SlackContext) {
    this.#context = context;
    this.#prompts = new UserPrompts(context);
  }

  /** Receives a bus event and queues its Slack work under the event's run. */
  handle(event: ServerEvent): void {
    const { queue } = this.#context;
    const runId = event.runId;
    switch (event.type) {
      case 'run-started':
      case 'run-continued':
        this.#learnThread(runId, event.sessionId);
        if (event.type === 'run-continued') queue.enqueue(runId, () => this.#prompts.refresh(runId));
        return;
      case 'run-paused':
        queue.enqueue(runId, () => this.#paused(runId));
        return;
      case 'run-completed':
        queue.enqueue(runId, () => this.#finished(runId, event.content ?? '(The agent gave no answer.)'));
        return;
      case 'run-error':
        queue.enqueue(runId, () => this.#finished(runId, `The run failed: ${event.error.message}`));
        return;
      case 'run-cancelled':
        queue.enqueue(runId, () => this.#prompts.refresh(runId));
        return;
      case 'approval-resolved':
      case 'approval-expired':
        queue.enqueue(runId, () => this.updateApprovalMessages(runId, event.approvalId));
        return;
      default:
        return;
    }
  }

  /** Updates the user prompts of a run after a decision the bus does not report (decisions kept while the run waits). */
  refreshUserPrompts(runId: string): void {
    this.#context.queue.enqueue(runId, () => this.#prompts.refresh(runId));
  }

  /**
   * Posts the approval requests that have no Slack message yet: pending `required` records whose
   * role has a channel (a request whose post failed, a run paused by another process). Returns
   * how many records were looked at; the posts are queued.
   */
  async syncPending(): Promise<number> {
    const { os, queue } = this.#context;
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await os.db.getApprovals({
        status: 'pending',
        type: 'required',
        limit: 200,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const record of page.items) {
        if (approverChannelFor(this.#context, record.approverRole) === null) continue;
        seen++;
        queue.enqueue(record.runId, async () => {
          const existing = await os.db.listSlackMessages(record.runId);
          await this.#ensureApprovalMessage(record.id, existing);
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return seen;
  }

  /** Re-renders the messages of an approval record from the stored record (votes, outcome). */
  async updateApprovalMessages(runId: string, approvalId: string): Promise<void> {
    const { os, client } = this.#context;
    const messages = (await os.db.listSlackMessages(runId)).filter(
      (message) => message.audience === 'approver' && message.approvalId === approvalId,
    );
    if (messages.length === 0) return;
    const record = await os.db.getApproval(approvalId);
    if (record === null) return;
    const rendered = await this.#approvalMessage(record);
    for (const message of messages) {
      try {
        await client.update({ channel: message.channel, ts: message.ts, ...rendered });
      } catch (error) {
        this.#context.fail('update the approval message', error, { runId, approvalId });
      }
    }
  }

  async #approvalMessage(record: ApprovalRecord): Promise<SlackMessage> {
    const { identities } = this.#context;
    const requester = record.requestedBy;
    const requesterLabel = personLabel(
      requester,
      requester === null ? null : await identities.slackUserOf(requester),
    );
    if (record.status === 'pending') return approvalRequestMessage(record, requesterLabel);
    const resolver = record.resolvedBy;
    const resolverLabel =
      resolver === null ? 'the system' : personLabel(resolver, await identities.slackUserOf(resolver));
    return approvalDecidedMessage(record, requesterLabel, resolverLabel);
  }

  async #paused(runId: string): Promise<void> {
    const { os } = this.#context;
    const stored = await os.db.getRun(runId);
    if (stored === null || stored.document.status !== 'paused') return;
    const document = stored.document;
    const thread = this.#learnThread(runId, document.sessionId);
    const existing = await os.db.listSlackMessages(runId);
    const waiting = await os.runs.waitingFor(new RunOutput(document));
    for (const item of waiting) {
      if (item.waitingFor === 'approval' && item.approvalId !== undefined) {
        const record = await this.#ensureApprovalMessage(item.approvalId, existing);
        if (
          record !== null &&
          thread !== null &&
          !existing.some((row) => row.requirementId === item.requirementId)
        ) {
          const where = approverChannelFor(this.#context, record.approverRole);
          await this.#post(thread, waitingForApproverMessage(record, where), 'post the approval note', runId);
        }
      } else if (item.waitingFor === 'user' && thread !== null) {
        await this.#promptUser(document, item.requirementId, thread, existing);
      }
    }
  }

  async #promptUser(
    document: RunDocument,
    requirementId: string,
    thread: SlackThread,
    existing: readonly SlackMessageRecord[],
  ): Promise<void> {
    if (existing.some((row) => row.requirementId === requirementId && row.audience === 'user')) return;
    const requirement = document.requirements.find((candidate) => candidate.id === requirementId);
    if (requirement === undefined) return;
    const { identities } = this.#context;
    const user = personLabel(
      document.userId,
      document.userId === undefined ? null : await identities.slackUserOf(document.userId),
    );
    if (requirement.kind === 'external_execution') {
      const note = textMessage(`${requirement.toolName} waits for the outside system to report its result.`);
      await this.#post(thread, note, 'post the external execution note', document.runId);
      return;
    }
    const message =
      requirement.kind === 'confirmation'
        ? confirmationMessage(document.runId, requirement, user)
        : userInputMessage(document.runId, requirement, user);
    const posted = await this.#post(thread, message, 'post the prompt to the user', document.runId);
    if (posted === null) return;
    await this.#save({
      runId: document.runId,
      requirementId,
      audience: 'user',
      toolCallId: requirement.toolCallId,
      approvalId: null,
      channel: posted.channel,
      ts: posted.ts,
      threadTs: thread.threadTs,
      createdAt: Math.floor(Date.now() / 1000),
    });
  }

  /**
   * Posts the request of a pending record to its role's channel unless it has a message already.
   * Returns the record (whether posted now or before), or `null` when it is not pending.
   */
  async #ensureApprovalMessage(
    approvalId: string,
    existing: readonly SlackMessageRecord[],
  ): Promise<ApprovalRecord | null> {
    const { os, client, logger } = this.#context;
    const record = await os.db.getApproval(approvalId);
    if (record === null || record.status !== 'pending') return null;
    if (existing.some((row) => row.approvalId === approvalId && row.audience === 'approver')) return record;
    const channel = approverChannelFor(this.#context, record.approverRole);
    if (channel === null) {
      logger.warn(
        `slack: no approver channel for role '${record.approverRole ?? '(none)'}'; approval ${record.id} ` +
          `(${record.toolName}) waits in the inbox only. Add it to approverChannels (or '*').`,
      );
      return record;
    }
    let posted: { channel: string; ts: string };
    try {
      posted = await client.postMessage({ channel, ...(await this.#approvalMessage(record)) });
    } catch (error) {
      this.#context.fail('post the approval request', error, { runId: record.runId, approvalId: record.id });
      return record;
    }
    await this.#save({
      runId: record.runId,
      requirementId: record.requirementId,
      audience: 'approver',
      toolCallId: record.toolCallId,
      approvalId: record.id,
      channel: posted.channel,
      ts: posted.ts,
      threadTs: null,
      createdAt: Math.floor(Date.now() / 1000),
    });
    return record;
  }

  /** Posts a run's answer in its thread; a run that is no Slack conversation gets it under its approval requests. */
  async #finished(runId: string, text: string): Promise<void> {
    const { os } = this.#context;
    const thread = await this.#threadOf(runId);
    if (thread !== null) {
      await this.#post(thread, textMessage(text), 'post the answer', runId);
      return;
    }
    const requests = (await os.db.listSlackMessages(runId)).filter((row) => row.audience === 'approver');
    const seen = new Set<string>();
    for (const request of requests) {
      if (seen.has(`${request.channel}:${request.ts}`)) continue;
      seen.add(`${request.channel}:${request.ts}`);
      const where = { channel: request.channel, threadTs: request.ts };
      await this.#post(where, textMessage(`Run ${runId} finished: ${text}`), 'post the answer', runId);
    }
  }

  async #post(
    thread: SlackThread,
    message: SlackMessage,
    action: string,
    runId: string,
  ): Promise<{ channel: string; ts: string } | null> {
    try {
      return await this.#context.client.postMessage({
        channel: thread.channel,
        thread_ts: thread.threadTs,
        ...message,
      });
    } catch (error) {
      this.#context.fail(action, error, { runId });
      return null;
    }
  }

  async #save(message: SlackMessageRecord): Promise<void> {
    try {
      await this.#context.os.db.saveSlackMessage(message);
    } catch (error) {
      // The message is out; only its later update is lost. Say so rather than fail the rest.
      this.#context.fail('remember where the message was posted', error, {
        runId: message.runId,
        ...(message.approvalId === null ? {} : { approvalId: message.approvalId }),
      });
    }
  }

  async #threadOf(runId: string): Promise<SlackThread | null> {
    const known = this.#threads.get(runId);
    if (known !== undefined) return known;
    const stored = await this.#context.os.db.getRun(runId);
    return stored === null ? null : this.#learnThread(runId, stored.document.sessionId);
  }

  #learnThread(runId: string, sessionId: string): SlackThread | null {
    const thread = this.#context.threads.threadOf(sessionId);
    if (this.#threads.size >= KNOWN_THREADS_LIMIT) this.#threads.clear();
    this.#threads.set(runId, thread);
    return thread;
  }
}
