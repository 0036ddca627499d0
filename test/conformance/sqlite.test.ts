import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { ConfigurationError } from '../../src/errors/index.js';
import { describeStoreConformance } from '../../src/testing/store-conformance.js';

const directory = mkdtempSync(join(tmpdir(), 'countersign-sqlite-'));
let files = 0;

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describeStoreConformance('sqlite', async () => {
  files += 1;
  return new SqliteDb({ dbFile: join(directory, `store-${files}.db`) });
});

describe('SqliteDb', () => {
  it('opens the file in WAL mode with the documented pragmas', async () => {
    const db = new SqliteDb({ dbFile: join(directory, 'pragmas.db') });
    expect(db.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.database.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.database.pragma('foreign_keys', { simple: true })).toBe(1);
    await db.close();
    expect(db.database.open).toBe(false);
  });

  it('leaves a database it was given open, and works in memory', async () => {
    const owner = new SqliteDb({ dbFile: ':memory:' });
    const db = new SqliteDb({ database: owner.database });
    await db.migrate();
    expect(await db.getRun('run_1')).toBeNull();
    await db.close();
    expect(owner.database.open).toBe(true);
    await owner.close();
  });

  it('asks for exactly one of dbFile and database', () => {
    expect(() => new SqliteDb({})).toThrow(ConfigurationError);
  });
});
