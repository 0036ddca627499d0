export { PostgresDb, type PostgresDbOptions } from './postgres-db.js';
