export { SqliteDb, type SqliteDbOptions } from './sqlite-db.js';
