import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import type { QueryRunner } from '../sql/index.js';
import { SqliteStatementConnection } from './sqlite-connection.js';

const BEGIN = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/**
 * A Kysely driver for one better-sqlite3 database. It differs from Kysely's stock SQLite driver in
 * two ways that matter here: statements are prepared once and cached ({@link SqliteStatementConnection}),
 * and transactions begin with `BEGIN IMMEDIATE`, which takes the write lock up front. With a plain
 * `BEGIN` two processes that both read and then write deadlock on the lock upgrade (one gets
 * `SQLITE_BUSY` at once, whatever the busy timeout); with `IMMEDIATE` the second one waits.
 */
export class SqliteImmediateDriver implements Driver {
  readonly #database: BetterSqlite3.Database;
  readonly #connection: SqliteStatementConnection;
  /** Resolves when the connection is released; `undefined` while nobody holds it. */
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
    this.#connection = new SqliteStatementConnection(database);
  }

  async init(): Promise<void> {}

  /**
   * Runs one query synchronously when no Kysely connection (in practice: no transaction) is held,
   * and returns `undefined` otherwise so the caller queues through Kysely instead of writing into
   * somebody else's transaction.
   */
  runNow<Row>(query: CompiledQuery<Row>): QueryResult<Row> | undefined {
    return this.#held === undefined ? this.#connection.run(query) : undefined;
  }

  /**
   * Runs `work` in a `BEGIN IMMEDIATE` transaction on the one connection, with its statements run
   * synchronously on cached prepared statements: the store's multi-statement writes (a pause with
   * its approval records and audit entries, a resolution) skip Kysely's per-query machinery. The
   * connection is held for the whole transaction, so other queries of this process wait for it;
   * `work` must run its queries through `run` only. `hooks` run while the connection is still held:
   * `begin` before the first statement, `end` once the transaction committed or rolled back.
   */
  async transaction<T>(
    work: (run: QueryRunner) => Promise<T>,
    hooks?: { begin(): void; end(committed: boolean): void },
  ): Promise<T> {
    await this.acquireConnection();
    const connection = this.#connection;
    try {
      hooks?.begin();
      connection.run(BEGIN);
      let result: T;
      try {
        result = await work((query) => connection.run(query));
        connection.run(COMMIT);
      } catch (error) {
        // A failed COMMIT or an error SQLite answered with an automatic rollback leaves nothing to undo.
        if (this.#database.inTransaction) connection.run(ROLLBACK);
        hooks?.end(false);
        throw error;
      }
      hooks?.end(true);
      return result;
    } finally {
      await this.releaseConnection();
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // SQLite has a single connection here: a mutex hands it to one user (one transaction) at a time.
    while (this.#held !== undefined) await this.#held;
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // A failed COMMIT or an error SQLite answered with an automatic rollback leaves nothing to undo.
    if (this.#database.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${savepointName}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint "${savepointName}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint "${savepointName}"`));
  }

  /** Closing the database is the owner's job ({@link SqliteDb.close}), not the driver's. */
  async destroy(): Promise<void> {}
}
