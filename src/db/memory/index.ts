export { InMemoryDb } from './in-memory-db.js';
