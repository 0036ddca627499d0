import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../../src/db/postgres/index.js';
import type { Store } from '../../src/db/store.js';
import { ConfigurationError } from '../../src/errors/index.js';
import { type AuditTamperer, describeStoreConformance } from '../../src/testing/store-conformance.js';
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

const schemaOf = new WeakMap<Store, string>();

/** Tampers with the audit table in SQL, dropping its append-only trigger first as an attacker would. */
const tamperAudit: AuditTamperer = {
  async replace(store, seq, fields) {
    const table = await unguardedAudit(store);
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    await pool.query(
      `update ${table} set id = $2, at = $3, action = $4, actor = $5, actor_roles = $6, run_id = $7,
       approval_id = $8, tool_name = $9, tool_call_id = $10, args_digest = $11, data = $12,
       prev_hash = $13, hash = $14 where seq = $1`,
      [
        seq,
        fields.id,
        fields.at,
        fields.action,
        fields.actor,
        json(fields.actorRoles),
        fields.runId ?? null,
        fields.approvalId ?? null,
        fields.toolName ?? null,
        fields.toolCallId ?? null,
        fields.argsDigest ?? null,
        json(fields.data),
        fields.prevHash,
        fields.hash,
      ],
    );
  },
  async remove(store, seq) {
    await pool.query(`delete from ${await unguardedAudit(store)} where seq = $1`, [seq]);
  },
};

async function unguardedAudit(store: Store): Promise<string> {
  const table = `"${schemaOf.get(store)}".countersign_audit`;
  await pool.query(`drop trigger if exists countersign_audit_append_only on ${table}`);
  return table;
}

describeStoreConformance(
  'postgres',
  async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const store = new PostgresDb({ pool, schema });
    schemaOf.set(store, schema);
    return store;
  },
  { tamperAudit },
);

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
    const { rows: jsonColumns } = await pool.query(
      `select table_name, column_name from information_schema.columns
       where table_schema = $1 and data_type = 'jsonb' and table_name in ('countersign_approvals', 'countersign_audit')
       order by table_name, column_name`,
      [schema],
    );
    expect(jsonColumns.map((row) => `${row.table_name}.${row.column_name}`)).toEqual([
      'countersign_approvals.context',
      'countersign_approvals.resolution_data',
      'countersign_approvals.tool_args',
      'countersign_audit.actor_roles',
      'countersign_audit.data',
    ]);
    await db.appendAudit([{ action: 'tool-executed', actor: 'u1', data: { b: 1, a: 2 } }]);
    await expect(pool.query(`update "${schema}".countersign_audit set actor = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query(`delete from "${schema}".countersign_audit`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`truncate "${schema}".countersign_audit`)).rejects.toThrow(/append-only/);
    await db.close();
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps one audit chain and one winner per record across instances with their own pools', async () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    const instances = [0, 1, 2].map(() => new PostgresDb({ connectionString, schema, maxConnections: 4 }));
    await Promise.all(instances.map((instance) => instance.migrate()));
    const [first] = instances as [PostgresDb, PostgresDb, PostgresDb];
    await first.appendAudit([{ action: 'tool-executed', actor: 'seed' }]);
    await Promise.all(
      instances.flatMap((instance, index) =>
        Array.from({ length: 10 }, (_, round) =>
          instance.appendAudit([
            { action: 'tool-executed', actor: `instance-${index}`, data: { round } },
            { action: 'tool-failed', actor: `instance-${index}`, data: { round } },
          ]),
        ),
      ),
    );
    expect(await first.verifyAuditLog()).toMatchObject({ ok: true, checked: 61 });
    await Promise.all(instances.map((instance) => instance.close()));
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
