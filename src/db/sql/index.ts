export { MIGRATIONS, type Migration, type MigrationContext } from './migrations.js';
export { type PrecompileBuilder, type PrecompiledQuery, precompile } from './precompile.js';
export type { QueryRunner, SqlBackend, SqlColumnTypes } from './sql-backend.js';
export { SqlStore } from './sql-store.js';
export type {
  ApprovalsTable,
  AuditTable,
  CountersignTables,
  JsonColumn,
  MigrationsTable,
  NullableTimestampColumn,
  RunsTable,
  SlackMessagesTable,
  TimestampColumn,
  ToolExecutionsTable,
} from './tables.js';
