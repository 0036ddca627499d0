export { MIGRATIONS, type Migration } from './migrations.js';
export { type PrecompileBuilder, type PrecompiledQuery, precompile } from './precompile.js';
export type { SqlBackend, SqlColumnTypes } from './sql-backend.js';
export { SqlStore } from './sql-store.js';
export type {
  CountersignTables,
  JsonColumn,
  MigrationsTable,
  RunsTable,
  TimestampColumn,
  ToolExecutionsTable,
} from './tables.js';
