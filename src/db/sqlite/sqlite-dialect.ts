import type BetterSqlite3 from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Kysely,
  type QueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { SqliteImmediateDriver } from './sqlite-driver.js';

/**
 * Kysely's SQLite dialect with {@link SqliteImmediateDriver} in place of the stock driver: the
 * same SQL, with cached prepared statements and `BEGIN IMMEDIATE` transactions.
 */
export class SqliteImmediateDialect implements Dialect {
  /** The driver, kept so the store can run hot queries on it synchronously. */
  readonly driver: SqliteImmediateDriver;

  constructor(database: BetterSqlite3.Database) {
    this.driver = new SqliteImmediateDriver(database);
  }

  createDriver(): SqliteImmediateDriver {
    return this.driver;
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
