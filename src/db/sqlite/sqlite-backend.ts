import type BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, type QueryResult } from 'kysely';
import type { AuditChainHead } from '../../audit/audit-chain.js';
import type { CountersignTables, QueryRunner, SqlBackend, SqlColumnTypes } from '../sql/index.js';
import { SqliteImmediateDialect } from './sqlite-dialect.js';
import type { WalCheckpointer } from './wal-checkpointer.js';

/**
 * What SQLite does differently from PostgreSQL, for the shared `SqlStore`: JSON is stored as text,
 * booleans as 0/1, hot queries run synchronously on cached statements, and the migration lock is
 * the write lock `BEGIN IMMEDIATE` already took.
 */
export class SqliteBackend implements SqlBackend {
  readonly kind = 'sqlite';
  readonly schema = null;
  readonly batchInserts = false;
  readonly rowLocks = false;
  readonly db: Kysely<CountersignTables>;
  readonly columnTypes: SqlColumnTypes = { json: 'text', bigint: 'integer', boolean: 'integer' };
  readonly #dialect: SqliteImmediateDialect;
  readonly #database: BetterSqlite3.Database;
  readonly #ownsDatabase: boolean;
  #auditHead: AuditChainHead | undefined;
  #pendingHead: AuditChainHead | undefined;

  readonly #checkpointer: WalCheckpointer | undefined;

  constructor(database: BetterSqlite3.Database, ownsDatabase: boolean, checkpointer?: WalCheckpointer) {
    this.#database = database;
    this.#ownsDatabase = ownsDatabase;
    this.#checkpointer = checkpointer;
    this.#dialect = new SqliteImmediateDialect(database);
    this.db = new Kysely<CountersignTables>({ dialect: this.#dialect });
  }

  encodeJson(value: unknown): unknown {
    return JSON.stringify(value);
  }

  decodeJson(stored: unknown): unknown {
    return JSON.parse(stored as string);
  }

  encodeBoolean(value: boolean): unknown {
    return value ? 1 : 0;
  }

  execute<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>> | QueryResult<Row> {
    this.#checkpointer?.noteStatement();
    return this.#dialect.driver.runNow(query) ?? this.db.executeQuery(query);
  }

  transaction<T>(work: (run: QueryRunner) => Promise<T>): Promise<T> {
    this.#checkpointer?.noteStatement();
    return this.#dialect.driver.transaction(work, {
      begin: () => {
        this.#pendingHead = this.#auditHead;
      },
      end: (committed) => {
        this.#auditHead = committed ? this.#pendingHead : undefined;
      },
    });
  }

  /**
   * The audit chain head as this connection last committed it. Transactions on the connection
   * run one at a time (the driver's mutex), so between two of them only another connection can
   * move the head, and that shows as a `seq` collision on the next append.
   */
  cachedAuditHead(): AuditChainHead | undefined {
    return this.#auditHead;
  }

  noteAuditHead(head: AuditChainHead | undefined): void {
    this.#pendingHead = head;
  }

  /** A plain read: the `BEGIN IMMEDIATE` of the transaction already holds the database's write lock. */
  async readAuditHead<Row>(run: QueryRunner, head: CompiledQuery<Row>): Promise<Row[]> {
    return (await run(head)).rows;
  }

  async beginMigration(): Promise<void> {}

  isMissingTable(error: unknown): boolean {
    return error instanceof Error && /no such table/i.test(error.message);
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  isForeignKeyViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
  }

  async close(): Promise<void> {
    await this.#checkpointer?.close();
    await this.db.destroy();
    if (this.#ownsDatabase && this.#database.open) this.#database.close();
  }
}
