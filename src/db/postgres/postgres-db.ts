import pg from 'pg';
import { ConfigurationError } from '../../errors/index.js';
import { SqlStore } from '../sql/index.js';
import { PostgresBackend } from './postgres-backend.js';
import { PostgresNotifications } from './postgres-notifications.js';

/** Where {@link PostgresDb} connects: a connection string it opens a pool for, or your pool. */
export interface PostgresDbOptions {
  /** `postgres://user:password@host:5432/database`. */
  connectionString?: string;
  /** An existing `pg` pool. It stays yours: `close()` leaves it open. */
  pool?: pg.Pool;
  /** Schema holding the Countersign tables (default `public`); `migrate()` creates it when missing. */
  schema?: string;
  /** Largest number of connections of a pool made from `connectionString` (default 10). */
  maxConnections?: number;
}

/**
 * The PostgreSQL {@link Store}: for several instances sharing one database. Documents are `jsonb`;
 * every write is a single compare-and-set statement, so concurrent resumes of one run from any
 * number of processes leave exactly one winner. `notifications` (`LISTEN`/`NOTIFY`, scoped by
 * the schema) lets the instances share live events.
 *
 * @example
 * ```ts
 * import { PostgresDb } from 'countersign/db/postgres';
 *
 * const db = new PostgresDb({ connectionString: process.env.DATABASE_URL, schema: 'countersign' });
 * await db.migrate();
 * ```
 */
export class PostgresDb extends SqlStore {
  /** The `pg` pool the store queries through. */
  readonly pool: pg.Pool;
  /** Live notifications between the processes using this database and schema. */
  readonly notifications: PostgresNotifications;

  constructor(options: PostgresDbOptions) {
    if ((options.connectionString === undefined) === (options.pool === undefined)) {
      throw new ConfigurationError(
        'PostgresDb needs exactly one of `connectionString` (postgres://user@host:5432/database) and `pool` (a pg Pool).',
      );
    }
    const schema = options.schema ?? 'public';
    if (schema.length === 0 || schema.length > 63) {
      throw new ConfigurationError(`PostgresDb schema must be 1 to 63 characters long, got '${schema}'.`);
    }
    const pool =
      options.pool ??
      new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
    if (options.pool === undefined) {
      // An idle connection dropped by the server (restart, failover) emits 'error' on the pool; without
      // a listener that would crash the process. The next query reports the outage as a StorageError.
      pool.on('error', () => {});
    }
    super(new PostgresBackend(pool, options.pool === undefined, schema));
    this.pool = pool;
    this.notifications = new PostgresNotifications(pool, schema);
  }

  /** Closes the notification connection, then the pool when the store opened it. */
  override async close(): Promise<void> {
    await this.notifications.close();
    await super.close();
  }
}
