import BetterSqlite3 from 'better-sqlite3';
import { ConfigurationError } from '../../errors/index.js';
import { SqlStore } from '../sql/index.js';
import { SqliteBackend } from './sqlite-backend.js';

/** Where {@link SqliteDb} keeps its data: a file it opens, or a better-sqlite3 database you opened. */
export interface SqliteDbOptions {
  /** Path of the database file, created when missing; `':memory:'` for a private in-memory database. */
  dbFile?: string;
  /** An open better-sqlite3 database. It stays yours: `close()` leaves it open. */
  database?: BetterSqlite3.Database;
  /** How long a write waits for another process's lock before failing, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * The SQLite {@link Store}: one file, WAL mode, safe to share between processes. Writes are
 * compare-and-set statements, so two processes resuming the same run cannot both win.
 *
 * The connection is set to `journal_mode = WAL` (readers never block the writer),
 * `synchronous = NORMAL` (a commit is durable across a process crash; a power loss may drop the
 * last commits but never corrupts the file), `busy_timeout` (wait for the other process's lock
 * instead of failing) and `foreign_keys = ON`. These pragmas are applied to a database you pass
 * in as well.
 *
 * @example
 * ```ts
 * import { SqliteDb } from 'countersign/db/sqlite';
 *
 * const db = new SqliteDb({ dbFile: 'countersign.db' });
 * await db.migrate();
 * ```
 */
export class SqliteDb extends SqlStore {
  /** The underlying better-sqlite3 database, for inspection and backups. */
  readonly database: BetterSqlite3.Database;

  constructor(options: SqliteDbOptions) {
    const { database, ownsDatabase } = openDatabase(options);
    super(new SqliteBackend(database, ownsDatabase));
    this.database = database;
  }
}

function openDatabase(options: SqliteDbOptions): { database: BetterSqlite3.Database; ownsDatabase: boolean } {
  if ((options.dbFile === undefined) === (options.database === undefined)) {
    throw new ConfigurationError(
      "SqliteDb needs exactly one of `dbFile` (a path, or ':memory:') and `database` (an open better-sqlite3 database).",
    );
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let database: BetterSqlite3.Database;
  try {
    database = options.database ?? new BetterSqlite3(options.dbFile as string, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new ConfigurationError(
      `SqliteDb could not open '${options.dbFile}': ${error instanceof Error ? error.message : String(error)}. ` +
        'Check that the directory exists and is writable.',
      { cause: error },
    );
  }
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  database.pragma('foreign_keys = ON');
  // Checkpoint every ~40 MB of WAL instead of SQLite's 4 MB: the pages a run write dirties (index
  // edges, the table's newest page) are rewritten by every commit, so a longer interval copies
  // each into the database file once instead of dozens of times. Measured: a paused-run insert
  // drops from ~155 to ~115 µs. The WAL file is truncated back to 64 MB after a checkpoint.
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma('journal_size_limit = 67108864');
  return { database, ownsDatabase: options.database === undefined };
}
