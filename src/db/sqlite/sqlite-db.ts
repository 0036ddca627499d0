import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigurationError } from '../../errors/index.js';
import { SqlStore } from '../sql/index.js';
import { SqliteBackend } from './sqlite-backend.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** Where {@link SqliteDb} keeps its data: a file it opens, or a better-sqlite3 database you opened. */
export interface SqliteDbOptions {
  /** Path of the database file, created when missing; `':memory:'` for a private in-memory database. */
  dbFile?: string;
  /** An open better-sqlite3 database. It stays yours: `close()` leaves it open. */
  database?: BetterSqlite3.Database;
  /** How long a write waits for another process's lock before failing, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
  /**
   * Who copies the WAL into the database file. `'background'` (the default for a file): a worker
   * thread of this process, started once the WAL passed 4 MB and shared by the connections to the
   * file, so no commit waits for a checkpoint; SQLite's automatic checkpoint stays on at 10,000
   * pages as a backstop. `'inline'`: only SQLite's automatic checkpoint, run by the commit that
   * crosses 10,000 pages.
   */
  checkpoint?: 'background' | 'inline';
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
    const checkpointer =
      options.checkpoint !== 'inline' && !database.memory && database.name !== ''
        ? new WalCheckpointer({ file: path.resolve(database.name) })
        : undefined;
    super(new SqliteBackend(database, ownsDatabase, checkpointer));
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
  // The automatic checkpoint runs every ~40 MB of WAL instead of SQLite's 4 MB: with the background
  // checkpointer (the default) it is only a backstop; inline, a longer interval copies the pages
  // every commit rewrites (index edges, the table's newest page) into the file once instead of
  // dozens of times (a paused-run insert: ~155 to ~115 µs). The WAL file is truncated back to
  // 64 MB after a checkpoint.
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma('journal_size_limit = 67108864');
  return { database, ownsDatabase: options.database === undefined };
}
