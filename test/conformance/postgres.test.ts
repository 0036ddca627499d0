import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../../src/db/postgres/index.js';
import { ConfigurationError } from '../../src/errors/index.js';
import { describeStoreConformance } from '../../src/testing/store-conformance.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';

// One pool for the file; each store gets a fresh schema (dropped at the end) on it.
let connectionString: string;
let pool: pg.Pool;
const schemas: string[] = [];

beforeAll(async () => {
  connectionString = await postgresConnectionString();
  pool = new pg.Pool({ connectionString, max: 20 });
});

afterAll(async () => {
  await pool.end();
  await dropSchemas(connectionString, schemas);
});

describeStoreConformance('postgres', async () => {
  const schema = randomSchemaName();
  schemas.push(schema);
  return new PostgresDb({ pool, schema });
});

describe('PostgresDb', () => {
  it('keeps documents in jsonb inside its own schema, and leaves a given pool open', async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const db = new PostgresDb({ pool, schema });
    await db.migrate();
    const { rows } = await pool.query(
      `select table_name, data_type from information_schema.columns
       where table_schema = $1 and column_name in ('document', 'result') order by table_name`,
      [schema],
    );
    expect(rows).toEqual([
      { table_name: 'countersign_runs', data_type: 'jsonb' },
      { table_name: 'countersign_tool_executions', data_type: 'jsonb' },
    ]);
    await db.close();
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('opens and closes its own pool from a connection string', async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const db = new PostgresDb({ connectionString, schema });
    await db.migrate();
    expect(await db.listRuns()).toEqual({ items: [], nextCursor: null });
    await db.close();
    expect(db.pool.ended).toBe(true);
  });

  it('asks for exactly one of connectionString and pool', () => {
    expect(() => new PostgresDb({})).toThrow(ConfigurationError);
  });
});
