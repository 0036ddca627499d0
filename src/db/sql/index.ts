export { type Migration, MIGRATIONS } from './migrations.js';
export { type PrecompiledQuery, type PrecompileBuilder, precompile } from './precompile.js';
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
