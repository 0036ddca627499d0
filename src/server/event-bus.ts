import type { RunEvent } from '../run/run-events.js';

/**
 * Everything `GET /events` carries: the run events, the approval lifecycle included
 * (`approval-requested`, `approval-resolved`, `approval-expired`, the same types as in run streams).
 */
export type ServerEvent = RunEvent;

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
