import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Connection strings tried in order when `DATABASE_URL` is not set (trust auth on localhost). */
const CANDIDATES = ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

let resolved: Promise<string> | undefined;

/**
 * The connection string of the test database: `DATABASE_URL`, or the first local candidate that
 * accepts a connection (the user may be `postgres` or `root`, depending on the machine).
 */
export function postgresConnectionString(): Promise<string> {
  resolved ??= (async () => {
    const fromEnvironment = process.env.DATABASE_URL;
    if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
    const failures: string[] = [];
    for (const candidate of CANDIDATES) {
      const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 3_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return candidate;
      } catch (error) {
        failures.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await client.end().catch(() => {});
      }
    }
    throw new Error(
      `No PostgreSQL test database answered (${failures.join('; ')}). Set DATABASE_URL, or start the ` +
        `local server: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  })();
  return resolved;
}

/** A unique schema name for one test file or store, so parallel test files never share tables. */
export function randomSchemaName(prefix = 'countersign_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Drops the given schemas and everything in them. */
export async function dropSchemas(connectionString: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
