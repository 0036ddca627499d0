import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/** The default SQLite file when neither `--db` nor `DATABASE_URL` names a store. */
export const DEFAULT_DB_FILE = 'countersign.db';

/** Where a store lives, as the CLI reads it: `--db`, else `DATABASE_URL`, else `countersign.db`. */
export function storeSpec(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.DATABASE_URL ?? DEFAULT_DB_FILE;
}

/** A store spec for messages, without a password. */
export function describeStore(spec: string): string {
  return /^postgres(ql)?:\/\//.test(spec) ? spec.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : spec;
}

/**
 * Opens the store a spec names: `postgres://...` (optionally `?schema=name`) opens a `PostgresDb`,
 * anything else (optionally `sqlite:`-prefixed) is a SQLite file, whose directory is created when
 * missing. The driver modules are imported only when needed (both are optional peers).
 */
export async function openStore(spec: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const url = new URL(spec);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    const { PostgresDb } = await import('../db/postgres/index.js');
    return new PostgresDb({ connectionString: url.toString(), ...(schema === undefined ? {} : { schema }) });
  }
  const file = spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : spec;
  if (file === '')
    throw new ConfigurationError('--db names no file; pass a path such as .data/countersign.db.');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const { SqliteDb } = await import('../db/sqlite/index.js');
  return new SqliteDb({ dbFile: file });
}
