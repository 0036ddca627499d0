import { type CompiledQuery, Kysely, PostgresDialect, type QueryResult, sql } from 'kysely';
import type pg from 'pg';
import type { CountersignTables, QueryRunner, SqlBackend, SqlColumnTypes } from '../sql/index.js';

/**
 * What PostgreSQL does differently from SQLite, for the shared `SqlStore`: JSON lives in `jsonb`
 * (which `pg` parses on read), timestamps in `bigint`, booleans in `boolean`, every table in the
 * configured schema, and migrations serialize on a transaction-scoped advisory lock.
 */
export class PostgresBackend implements SqlBackend {
  readonly kind = 'postgres';
  readonly schema: string;
  readonly batchInserts = true;
  readonly rowLocks = true;
  readonly db: Kysely<CountersignTables>;
  readonly columnTypes: SqlColumnTypes = { json: 'jsonb', bigint: 'bigint', boolean: 'boolean' };
  readonly #root: Kysely<CountersignTables>;
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  #lockAudit: CompiledQuery | undefined;

  constructor(pool: pg.Pool, ownsPool: boolean, schema: string) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.schema = schema;
    // The pool is closed by close() only when this backend created it, so Kysely never ends it.
    this.#root = new Kysely<CountersignTables>({
      dialect: new PostgresDialect({ pool: { connect: () => pool.connect(), end: async () => {} } }),
    });
    this.db = this.#root.withSchema(schema);
  }

  encodeJson(value: unknown): unknown {
    // Text, not the object: `pg` would turn a top-level array into a PostgreSQL array literal.
    return JSON.stringify(value);
  }

  decodeJson(stored: unknown): unknown {
    return stored;
  }

  encodeBoolean(value: boolean): unknown {
    return value;
  }

  execute<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>> {
    return this.db.executeQuery(query);
  }

  transaction<T>(work: (run: QueryRunner) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((transaction) => work((query) => transaction.executeQuery(query)));
  }

  async lockAuditChain(run: QueryRunner): Promise<void> {
    // One chain per schema: appenders of the same schema queue here, even across hosts, until
    // their transaction ends. The head is read by the next statement, after the lock is held.
    this.#lockAudit ??=
      sql`select pg_advisory_xact_lock(hashtext(${`countersign.audit:${this.schema}`}))`.compile(this.db);
    await run(this.#lockAudit);
  }

  async beginMigration(transaction: Kysely<CountersignTables>): Promise<void> {
    // One lock per schema: migrators of the same schema queue here, even across hosts.
    await sql`select pg_advisory_xact_lock(hashtext(${`countersign.migrate:${this.schema}`}))`.execute(
      transaction,
    );
    await sql`create schema if not exists ${sql.id(this.schema)}`.execute(transaction);
  }

  isMissingTable(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    // 42P01: undefined_table; 3F000: invalid_schema_name.
    return code === '42P01' || code === '3F000';
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === '23505';
  }

  isForeignKeyViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === '23503';
  }

  async close(): Promise<void> {
    await this.#root.destroy();
    if (this.#ownsPool) await this.#pool.end();
  }
}
