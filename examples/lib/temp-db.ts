import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDb } from 'countersign/db/sqlite';

/**
 * A migrated `SqliteDb` on a fresh file in a temporary folder, removed when the process exits,
 * so every example starts from an empty database and leaves nothing behind.
 */
export async function openTempDb(): Promise<SqliteDb> {
  const folder = mkdtempSync(join(tmpdir(), 'countersign-example-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  const db = new SqliteDb({ dbFile: join(folder, 'example.db') });
  await db.migrate();
  return db;
}
