import type { RunEvent } from '../run/run-events.js';

/**
 * Everything `GET /events` carries: the run events, the approval lifecycle included
 * (`approval-requested`, `approval-resolved`, `approval-expired`, the same types as in run streams).
 */
export type ServerEvent = RunEvent & {
  /**
   * Only on an event of another instance that was too large for one notification: the fields it
   * arrived without, because they could not be read back from the store either.
   */
  omitted?: string[];
};

/**
 * Where an event happened: `local` in this AgentOS, `remote` in another instance on the same
 * store (delivered through the store's notifications).
 */
export type EventOrigin = 'local' | 'remote';

/**
 * Receives each published event with its sequence number (the SSE `id`) and its origin. A
 * listener that acts on events (posts a message, calls a webhook) should skip `remote` ones: the
 * instance where the event happened acts on it.
 */
export type ServerEventListener = (event: ServerEvent, id: number, origin: EventOrigin) => void;

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

  /** Delivers an event to every listener; `remote` marks one that happened in another instance. */
  publish(event: ServerEvent, origin: EventOrigin = 'local'): void {
    const id = ++this.#sequence;
    for (const subscription of this.#subscriptions) {
      try {
        subscription.listener(event, id, origin);
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
