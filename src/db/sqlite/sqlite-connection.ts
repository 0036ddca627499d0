import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

/** How many prepared statements one connection keeps; the store itself uses about a dozen. */
const STATEMENT_CACHE_SIZE = 128;

/**
 * A Kysely connection over one better-sqlite3 database that prepares each SQL text once and
 * reuses the statement (Kysely's stock SQLite driver prepares on every query, which costs more
 * than running the statement itself). The cache is bounded: past {@link STATEMENT_CACHE_SIZE}
 * texts the oldest statement is dropped.
 */
export class SqliteStatementConnection implements DatabaseConnection {
  readonly #database: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
  }

  /** Runs a query synchronously; the store's hot paths call this directly when no transaction is open. */
  run<Row>(query: CompiledQuery<Row>): QueryResult<Row> {
    const statement = this.#prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as Row[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async executeQuery<Row>(query: CompiledQuery): Promise<QueryResult<Row>> {
    return this.run(query) as QueryResult<Row>;
  }

  async *streamQuery<Row>(query: CompiledQuery): AsyncIterableIterator<QueryResult<Row>> {
    const statement = this.#prepare(query.sql);
    if (!statement.reader) throw new Error('The SQLite driver streams only queries that return rows.');
    for (const row of statement.iterate(query.parameters as unknown[])) {
      yield { rows: [row as Row] };
    }
  }

  #prepare(text: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      statement = this.#database.prepare(text);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next();
        if (oldest.done !== true) this.#statements.delete(oldest.value);
      }
      this.#statements.set(text, statement);
    }
    return statement;
  }
}
