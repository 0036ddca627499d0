import type { Store, StoreNotifications } from '../db/store.js';
import type { EventBus, ServerEvent } from './event-bus.js';
import { decodeEnvelope, type EventEnvelope, encodeEnvelope } from './event-envelope.js';
import type { Logger } from './logger.js';
import { refillEvent } from './refill-event.js';

/** The store channel AgentOS instances share their events on. */
export const EVENTS_CHANNEL = 'events';
/** Events waiting to be sent beyond this many are dropped, oldest first (the database is too slow). */
const MAX_QUEUED = 10_000;
/** Payloads sent in one statement. */
const MAX_BATCH = 200;
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;
/** The same warning is logged at most once in this many milliseconds. */
const WARNING_INTERVAL_MS = 30_000;

/** Options of {@link EventBridge}. */
export interface EventBridgeOptions {
  bus: EventBus;
  /** The store, to read back the fields of an event too large for one notification. */
  db: Store;
  notifications: StoreNotifications;
  /** Tags what this instance sends, so it can ignore its own notifications. */
  instanceId: string;
  logger: Logger;
  /** Also publish other instances' events on `bus` (default `true`; a one-shot CLI only sends). */
  receive?: boolean;
}

/**
 * Shares the live events of AgentOS instances on one store: events published locally on the bus
 * are sent as store notifications tagged with this instance's id (batched: one statement for the
 * events of one turn of the event loop, in order), and notifications of other instances are
 * published on the local bus as `remote` events, never sent back. Delivery is best effort: an
 * instance whose database connection is down misses what happens meanwhile.
 */
export class EventBridge {
  readonly instanceId: string;
  readonly #bus: EventBus;
  readonly #db: Store;
  readonly #notifications: StoreNotifications;
  readonly #logger: Logger;
  readonly #receive: boolean;
  readonly #lastWarning = new Map<string, number>();
  #outgoing: string[] = [];
  #sequence = 0;
  #flushing: Promise<void> | undefined;
  #unsubscribeBus: (() => void) | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #started: Promise<void> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #failedAttempts = 0;
  /** Incoming events wait here while an earlier one is being completed from the store. */
  #incoming: Promise<void> = Promise.resolve();
  #incomingPending = 0;
  #closed = false;

  constructor(options: EventBridgeOptions) {
    this.instanceId = options.instanceId;
    this.#bus = options.bus;
    this.#db = options.db;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#receive = options.receive ?? true;
  }

  /**
   * Starts sending local events and, unless `receive` is off, listening to the other instances.
   * Resolves after the first attempt to listen; when it fails, a warning is logged and it is tried
   * again in the background (0.25 s doubling up to 10 s).
   */
  start(): Promise<void> {
    this.#started ??= (async () => {
      this.#unsubscribeBus = this.#bus.subscribe((event, _id, origin) => {
        if (origin === 'local') this.#send(event);
      });
      if (this.#receive) await this.#listen();
    })();
    return this.#started;
  }

  /** Sends what is still queued, then stops sending and listening. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#unsubscribeBus?.();
    await this.#flushing;
    await this.#unlisten?.().catch(() => {});
    this.#unlisten = undefined;
  }

  #send(event: ServerEvent): void {
    if (this.#closed) return;
    const payload = encodeEnvelope(
      { origin: this.instanceId, sequence: ++this.#sequence, event },
      this.#notifications.maxPayloadBytes,
    );
    if (payload === undefined) {
      this.#warn(
        'too-large',
        `a ${event.type} event of run ${event.runId} is too large to share with other instances even without its details`,
      );
      return;
    }
    this.#outgoing.push(payload);
    if (this.#outgoing.length > MAX_QUEUED) {
      this.#outgoing.splice(0, this.#outgoing.length - MAX_QUEUED);
      this.#warn(
        'queue',
        `more than ${MAX_QUEUED} events wait for the database; the oldest are not shared with other instances`,
      );
    }
    this.#flushing ??= this.#flush();
  }

  async #flush(): Promise<void> {
    // Events published in the same turn (a resolution and the resume it starts) go in one statement.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#outgoing.length > 0) {
      const batch = this.#outgoing.splice(0, MAX_BATCH);
      try {
        await this.#notifications.publish(EVENTS_CHANNEL, batch);
      } catch (error) {
        this.#warn(
          'publish',
          `could not share ${batch.length} event(s) with other instances: ${messageOf(error)}`,
        );
      }
    }
    this.#flushing = undefined;
  }

  async #listen(): Promise<void> {
    try {
      const unlisten = await this.#notifications.subscribe(EVENTS_CHANNEL, (payload) =>
        this.#arrived(payload),
      );
      if (this.#closed) {
        await unlisten();
        return;
      }
      this.#unlisten = unlisten;
      if (this.#failedAttempts > 0) this.#logger.info('receiving the events of other instances again');
      this.#failedAttempts = 0;
    } catch (error) {
      const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#failedAttempts++);
      this.#warn(
        'listen',
        `cannot receive the events of other instances (trying again): ${messageOf(error)}`,
      );
      if (this.#closed) return;
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        void this.#listen();
      }, delay);
      this.#retry.unref();
    }
  }

  #arrived(payload: string): void {
    const envelope = decodeEnvelope(payload);
    if (envelope === undefined || envelope.origin === this.instanceId || this.#closed) return;
    if (envelope.omitted === undefined && this.#incomingPending === 0) {
      this.#bus.publish(envelope.event, 'remote');
      return;
    }
    // Keep the order: this event, and every one after it until the queue drains, waits its turn.
    this.#incomingPending++;
    this.#incoming = this.#incoming
      .then(() => this.#complete(envelope))
      .then((event) => {
        if (!this.#closed) this.#bus.publish(event, 'remote');
      })
      .catch((error: unknown) => {
        this.#warn(
          'refill',
          `could not read the details of a ${envelope.event.type} event of another instance: ${messageOf(error)}`,
        );
        // The event still happened: it goes out without its details, which it lists.
        if (!this.#closed) this.#bus.publish({ ...envelope.event, omitted: envelope.omitted }, 'remote');
      })
      .finally(() => {
        this.#incomingPending--;
      });
  }

  #complete(envelope: EventEnvelope): Promise<ServerEvent> {
    return envelope.omitted === undefined
      ? Promise.resolve(envelope.event)
      : refillEvent(this.#db, envelope.event, envelope.omitted);
  }

  #warn(kind: string, message: string): void {
    const now = Date.now();
    if (now - (this.#lastWarning.get(kind) ?? Number.NEGATIVE_INFINITY) < WARNING_INTERVAL_MS) return;
    this.#lastWarning.set(kind, now);
    this.#logger.warn(message);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
