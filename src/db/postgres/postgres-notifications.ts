import { createHash } from 'node:crypto';
import pg from 'pg';
import { StorageError } from '../../errors/storage-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { NotificationListener, StoreNotifications } from '../store.js';

/** PostgreSQL refuses a `NOTIFY` payload of 8,000 bytes or more (the default page size). */
const MAX_PAYLOAD_BYTES = 7_999;
/** Channel names are identifiers: at most 63 bytes (`NAMEDATALEN` - 1). */
const MAX_CHANNEL_BYTES = 63;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;
/** Sends every payload of the array in one statement; `unnest` yields them in array order. */
const PUBLISH_SQL = 'select pg_notify($1, payload) from unnest($2::text[]) as payload';

/**
 * `LISTEN`/`NOTIFY` for a {@link PostgresDb}: publishing goes through the store's pool, listening
 * through one dedicated connection (opened with the pool's settings on the first subscription),
 * which is re-opened with backoff (0.1 s doubling up to 5 s) whenever it drops, and listens to
 * every subscribed channel again. Channel names are scoped by the schema, so two schemas on one
 * database never hear each other.
 */
export class PostgresNotifications implements StoreNotifications {
  readonly maxPayloadBytes = MAX_PAYLOAD_BYTES;
  readonly #pool: pg.Pool;
  readonly #schema: string;
  /** Listeners by the PostgreSQL channel name. */
  readonly #listeners = new Map<string, Set<NotificationListener>>();
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #failedAttempts = 0;
  #closed = false;

  constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#schema = schema;
  }

  /** The PostgreSQL channel that carries `channel` for this schema. */
  channelName(channel: string): string {
    const readable = `countersign:${this.#schema}:${channel}`;
    if (Buffer.byteLength(readable) <= MAX_CHANNEL_BYTES) return readable;
    const digest = createHash('sha256').update(`${this.#schema}\u0000${channel}`).digest('hex');
    return `countersign:${digest.slice(0, 48)}`;
  }

  async publish(channel: string, payloads: readonly string[]): Promise<void> {
    if (payloads.length === 0) return;
    for (const [index, payload] of payloads.entries()) {
      const bytes = Buffer.byteLength(payload);
      if (bytes > MAX_PAYLOAD_BYTES) {
        throw new ValidationError(
          `Notification payload ${index} is ${bytes} bytes; PostgreSQL takes at most ${MAX_PAYLOAD_BYTES}. Send an id and let receivers read the rest from the store.`,
          [{ path: String(index), message: `at most ${MAX_PAYLOAD_BYTES} bytes` }],
        );
      }
    }
    try {
      await this.#pool.query(PUBLISH_SQL, [this.channelName(channel), payloads]);
    } catch (error) {
      throw new StorageError(`Could not publish on channel '${channel}': ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  async subscribe(channel: string, listener: NotificationListener): Promise<() => Promise<void>> {
    if (this.#closed) throw new StorageError('The store is closed; open a new one to subscribe.');
    const name = this.channelName(channel);
    const listeners = this.#listeners.get(name) ?? new Set<NotificationListener>();
    const first = listeners.size === 0;
    listeners.add(listener);
    this.#listeners.set(name, listeners);
    try {
      const client = await this.#connect();
      // A fresh connection listens to every channel it finds registered; this covers the case
      // of a connection that was already open (LISTEN twice is harmless).
      if (first) await client.query(`listen ${quoteIdentifier(name)}`);
    } catch (error) {
      this.#remove(name, listener);
      throw error instanceof StorageError
        ? error
        : new StorageError(`Could not listen on channel '${channel}': ${messageOf(error)}`, { cause: error });
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      const emptied = this.#remove(name, listener);
      if (emptied) await this.#client?.query(`unlisten ${quoteIdentifier(name)}`).catch(() => {});
    };
  }

  /** Stops listening and closes the dedicated connection; the pool is the store's to close. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#listeners.clear();
    const client = this.#client ?? (await this.#connecting?.catch(() => undefined));
    this.#client = undefined;
    this.#connecting = undefined;
    await client?.end().catch(() => {});
  }

  /** Removes a listener; true when its channel has none left. */
  #remove(name: string, listener: NotificationListener): boolean {
    const listeners = this.#listeners.get(name);
    if (!listeners) return false;
    listeners.delete(listener);
    if (listeners.size > 0) return false;
    this.#listeners.delete(name);
    return true;
  }

  #connect(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<pg.Client> {
    const options = this.#pool.options;
    // The pool keeps the password as a non-enumerable property, so it is named here.
    const client = new pg.Client({
      ...options,
      password: options.password,
      application_name: `countersign listen ${this.#schema}`.slice(0, MAX_CHANNEL_BYTES),
    });
    client.on('notification', (message) => this.#deliver(message.channel, message.payload ?? ''));
    client.on('error', () => this.#dropped(client));
    client.on('end', () => this.#dropped(client));
    try {
      await client.connect();
      for (const name of this.#listeners.keys()) await client.query(`listen ${quoteIdentifier(name)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw new StorageError(`Could not open the notification connection: ${messageOf(error)}`, {
        cause: error,
      });
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      throw new StorageError('The store was closed while its notification connection opened.');
    }
    this.#client = client;
    this.#failedAttempts = 0;
    return client;
  }

  #deliver(name: string, payload: string): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch {
        // A listener's failure is its own; the others still hear the notification.
      }
    }
  }

  /** The listening connection failed or ended: drop it and open another while anyone listens. */
  #dropped(client: pg.Client): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry !== undefined || this.#listeners.size === 0) return;
    const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#failedAttempts);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connect().catch(() => {
        this.#failedAttempts++;
        this.#scheduleReconnect();
      });
    }, delay);
    this.#retry.unref();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
