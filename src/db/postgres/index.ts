export { PostgresDb, type PostgresDbOptions } from './postgres-db.js';
export { PostgresNotifications } from './postgres-notifications.js';
