import { CompiledQuery, Kysely, PostgresDialect, type QueryResult, sql } from 'kysely';
import type pg from 'pg';
import type { CountersignTables, QueryRunner, SqlBackend, SqlColumnTypes } from '../sql/index.js';

const COMMANDS_WITH_ROW_COUNTS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * What PostgreSQL does differently from SQLite, for the shared `SqlStore`: JSON lives in `jsonb`
 * (which `pg` parses on read), timestamps in `bigint`, booleans in `boolean`, every table in the
 * configured schema, and migrations and audit appends serialize on transaction-scoped advisory
 * locks. Compiled queries go straight to `pg` (Kysely builds and compiles them once), and
 * transactions hold one pool client from `BEGIN` to `COMMIT`.
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
  /** `pg_advisory_xact_lock` on this schema's audit key, as SQL text (no parameters). */
  readonly #lockAudit: string;

  constructor(pool: pg.Pool, ownsPool: boolean, schema: string) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.schema = schema;
    // The pool is closed by close() only when this backend created it, so Kysely never ends it.
    this.#root = new Kysely<CountersignTables>({
      dialect: new PostgresDialect({ pool: { connect: () => pool.connect(), end: async () => {} } }),
    });
    this.db = this.#root.withSchema(schema);
    const key = `countersign.audit:${schema}`.replaceAll("'", "''");
    this.#lockAudit = `select pg_advisory_xact_lock(hashtext('${key}'))`;
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
    return runOn(this.#pool, query);
  }

  async transaction<T>(work: (run: QueryRunner) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('begin');
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    // A client whose rollback failed is in an unknown state: the pool drops it instead of reusing it.
    let broken: Error | undefined;
    try {
      const result = await work((query) => runOn(client, query));
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async readAuditHead<Row>(run: QueryRunner, head: CompiledQuery<Row>): Promise<Row[]> {
    // One chain per schema: appenders of the same schema queue on the lock, even across hosts,
    // until their transaction ends. Sent as one simple query: the head is read by the second
    // statement, whose snapshot is taken once the lock is held, in the same round trip.
    const { rows } = await run(CompiledQuery.raw(`${this.#lockAudit}; ${head.sql}`) as CompiledQuery<Row>);
    return rows;
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

/**
 * Runs a compiled query on a pool or a client. A query without parameters goes as a simple query,
 * which may hold several statements; the result of the last one is returned.
 */
async function runOn<Row>(
  target: pg.Pool | pg.PoolClient,
  query: CompiledQuery<Row>,
): Promise<QueryResult<Row>> {
  const parameters = query.parameters.length === 0 ? undefined : [...query.parameters];
  const outcome = (await target.query(query.sql, parameters)) as pg.QueryResult | pg.QueryResult[];
  const result = Array.isArray(outcome) ? (outcome.at(-1) as pg.QueryResult) : outcome;
  return {
    rows: (result.rows ?? []) as Row[],
    ...(COMMANDS_WITH_ROW_COUNTS.has(result.command)
      ? { numAffectedRows: BigInt(result.rowCount ?? 0) }
      : {}),
  };
}
