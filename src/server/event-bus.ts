import type { ApprovalStatus } from '../approvals/approval-record.js';
import type { RunEvent } from '../run/run-events.js';

/** A gated call asked for an approver's decision (one per `required` approval record). */
export interface ApprovalRequestedEvent {
  type: 'approval-requested';
  runId: string;
  /** Unix milliseconds. */
  at: number;
  approvalId: string;
  requirementId: string;
  toolName: string;
}

/** An approver decided a record (or cast a vote of a quorum: `status` stays `pending`). */
export interface ApprovalResolvedEvent {
  type: 'approval-resolved';
  runId: string;
  at: number;
  approvalId: string;
  toolName: string;
  status: ApprovalStatus;
  resolvedBy: string;
}

/** A pending record ran past its `expiresAt` and was expired by the sweep. */
export interface ApprovalExpiredEvent {
  type: 'approval-expired';
  runId: string;
  at: number;
  approvalId: string;
  toolName: string;
}

/** Everything `GET /events` carries: the run events and the approval lifecycle. */
export type ServerEvent = RunEvent | ApprovalRequestedEvent | ApprovalResolvedEvent | ApprovalExpiredEvent;

/** Receives each published event with its sequence number (the SSE `id`). */
export type ServerEventListener = (event: ServerEvent, id: number) => void;

interface Subscription {
  listener: ServerEventListener;
  onClose: (() => void) | undefined;
}

/**
 * The in-process event bus of an AgentOS: the runs it executes and the resolutions it performs are
 * published here, and live pages (`GET /events`, the web UI, Slack) subscribe. Delivery is
 * synchronous and best effort: a listener that throws is dropped, never the publisher's work.
 */
export class EventBus {
  readonly #subscriptions = new Set<Subscription>();
  #sequence = 0;

  /** Adds a listener; returns the function that removes it. `onClose` runs when the bus closes. */
  subscribe(listener: ServerEventListener, onClose?: () => void): () => void {
    const subscription: Subscription = { listener, onClose };
    this.#subscriptions.add(subscription);
    return () => {
      this.#subscriptions.delete(subscription);
    };
  }

  /** Delivers an event to every listener. */
  publish(event: ServerEvent): void {
    const id = ++this.#sequence;
    for (const subscription of this.#subscriptions) {
      try {
        subscription.listener(event, id);
      } catch {
        this.#subscriptions.delete(subscription);
      }
    }
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** Removes every listener, telling each through its `onClose`. */
  close(): void {
    const subscriptions = [...this.#subscriptions];
    this.#subscriptions.clear();
    for (const subscription of subscriptions) subscription.onClose?.();
  }
}
