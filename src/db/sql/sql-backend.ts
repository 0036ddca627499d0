import type { ColumnDataType, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { AuditChainHead } from '../../audit/audit-chain.js';
import type { CountersignTables } from './tables.js';

/** The column types a backend uses where SQLite and PostgreSQL differ. */
export interface SqlColumnTypes {
  /** `text` on SQLite, `jsonb` on PostgreSQL. */
  json: ColumnDataType;
  /** `integer` on SQLite (64-bit already), `bigint` on PostgreSQL. */
  bigint: ColumnDataType;
  /** `integer` (0/1) on SQLite, `boolean` on PostgreSQL. */
  boolean: ColumnDataType;
}

/** Runs one compiled query inside a transaction (synchronously on SQLite, hence the union). */
export type QueryRunner = <Row>(query: CompiledQuery<Row>) => Promise<QueryResult<Row>> | QueryResult<Row>;

/**
 * What {@link SqlStore} needs from one SQL database: the Kysely instance and the few things that
 * differ between dialects. Each backend implements it in one small file (`sqlite-backend.ts`,
 * `postgres-backend.ts`); everything else is shared.
 */
export interface SqlBackend {
  /** `sqlite` or `postgres`: the store's `kind`. */
  readonly kind: 'sqlite' | 'postgres';
  /** The PostgreSQL schema holding the tables; `null` on SQLite. */
  readonly schema: string | null;
  /**
   * Whether several rows go into one `INSERT` (PostgreSQL: each statement is a network round
   * trip) rather than one cached statement per row (SQLite: a statement is a library call, and a
   * fixed SQL text keeps one prepared statement).
   */
  readonly batchInserts: boolean;
  /** Whether `SELECT ... FOR UPDATE` exists (PostgreSQL); SQLite's write transaction already excludes others. */
  readonly rowLocks: boolean;
  /** The query builder, already bound to the backend's schema. */
  readonly db: Kysely<CountersignTables>;
  readonly columnTypes: SqlColumnTypes;
  /** Turns a value into what the JSON column takes (JSON text on both backends). */
  encodeJson(value: unknown): unknown;
  /** Turns what the JSON column returned into the value (`JSON.parse` on SQLite; `pg` already parsed it). */
  decodeJson(stored: unknown): unknown;
  /** Turns a boolean into what the boolean column takes. */
  encodeBoolean(value: boolean): unknown;
  /**
   * Runs one precompiled query outside any transaction. SQLite runs it synchronously on a cached
   * prepared statement; PostgreSQL hands it to the pool.
   */
  execute<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>> | QueryResult<Row>;
  /**
   * Runs `work` in one write transaction and commits when it resolves (rolls back when it throws).
   * SQLite begins with `BEGIN IMMEDIATE`, so the transaction holds the write lock from its first
   * statement; PostgreSQL runs at `READ COMMITTED` and locks rows as it goes.
   */
  transaction<T>(work: (run: QueryRunner) => Promise<T>): Promise<T>;
  /**
   * Reads the head of the audit chain (`head` takes no parameters) inside a transaction, after
   * taking the chain's lock, which is held until the transaction ends: two appenders never read
   * the same head, so the chain never forks. SQLite's write lock (`BEGIN IMMEDIATE`) already
   * serializes them; PostgreSQL takes a transaction-scoped advisory lock per schema and reads the
   * head in the same round trip (a second statement, whose snapshot is taken after the lock).
   */
  readAuditHead<Row>(run: QueryRunner, head: CompiledQuery<Row>): Promise<Row[]>;
  /**
   * The chain head that this backend's own last committed append left, when the backend keeps
   * one (SQLite: its one connection commits in order); `undefined` to read it. A cached head can
   * be stale when another connection appended since: the next entry's `seq` then collides with
   * the primary key, and {@link SqlAuditLog} reads the head and chains again.
   */
  cachedAuditHead?(): AuditChainHead | undefined;
  /**
   * Called by an append with the head it leaves (`undefined`: forget the cached head); the
   * backend keeps it as {@link cachedAuditHead} only once the transaction commits.
   */
  noteAuditHead?(head: AuditChainHead | undefined): void;
  /**
   * Called first inside the migration transaction: serializes concurrent migrators (PostgreSQL takes
   * an advisory transaction lock; SQLite's `BEGIN IMMEDIATE` already holds the write lock) and
   * creates the schema when it is missing.
   */
  beginMigration(transaction: Kysely<CountersignTables>): Promise<void>;
  /** Whether the error says a table (or the schema) does not exist. */
  isMissingTable(error: unknown): boolean;
  /** Whether the error is a violated primary key or unique constraint (an approval id stored twice). */
  isUniqueViolation(error: unknown): boolean;
  /** Whether the error is a violated foreign key (a journal row for an unknown run). */
  isForeignKeyViolation(error: unknown): boolean;
  /** Releases what the backend opened (never a connection or pool the caller passed in). */
  close(): Promise<void>;
}
