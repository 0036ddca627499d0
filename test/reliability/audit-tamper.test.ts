import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAuditEntry } from '../../src/audit/audit-chain.js';
import type { AuditEntry, AuditVerification } from '../../src/audit/audit-entry.js';
import { PostgresDb } from '../../src/db/postgres/index.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import type { Store } from '../../src/db/store.js';
import { ensureBuilt } from '../helpers/built-package.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';
import { call, demoServer } from '../helpers/server.js';

let directory: string;
let connectionString: string;
const schemas: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-tamper-'));
  connectionString = await postgresConnectionString();
});
afterAll(async () => {
  fs.rmSync(directory, { recursive: true, force: true });
  await dropSchemas(connectionString, schemas);
});

/**
 * Fills a store's audit log through the server, as users would: a refund approved by finance
 * after the requester tried to approve it herself, a refund rejected, a password reset the user
 * confirmed, and a change request whose external result was reported.
 */
async function writeHistory(db: Store): Promise<AuditEntry[]> {
  const { os: server } = await demoServer({ db });
  const refund = async (amount: number) => {
    const created = await call(server, 'POST', '/agents/helpdesk/runs', {
      user: 'alice',
      body: { message: `refund $${amount} to ACME-123` },
    });
    return created.body.requirements[0].approvalId as string;
  };
  const first = await refund(250);
  expect(
    (
      await call(server, 'POST', `/approvals/${first}/resolve`, {
        user: 'alice',
        roles: ['finance'],
        body: { status: 'approved' },
      })
    ).status,
  ).toBe(403);
  await call(server, 'POST', `/approvals/${first}/resolve`, {
    user: 'bob',
    roles: ['finance'],
    body: { status: 'approved' },
  });
  await call(server, 'POST', `/approvals/${await refund(400)}/resolve`, {
    user: 'bob',
    roles: ['finance'],
    body: { status: 'rejected', reason: 'over budget' },
  });
  const reset = await call(server, 'POST', '/agents/helpdesk/runs', {
    user: 'alice',
    body: { message: 'reset the password of alice@acme.test' },
  });
  await call(server, 'POST', `/agents/helpdesk/runs/${reset.body.runId}/continue`, {
    user: 'alice',
    body: { decisions: [{ requirementId: reset.body.requirements[0].id, confirm: true }] },
  });
  const change = await call(server, 'POST', '/agents/helpdesk/runs', {
    user: 'alice',
    body: { message: 'deploy the new firewall rules on the edge cluster' },
  });
  await call(
    server,
    'POST',
    `/agents/helpdesk/runs/${change.body.runId}/tools/${change.body.requirements[0].toolCallId}/result`,
    { user: 'alice', body: { result: 'rolled out' } },
  );
  await server.close();
  const entries = (await db.listAudit({ limit: 1000 })).items;
  expect((await db.verifyAuditLog()).ok).toBe(true);
  return entries;
}

/** One way to rewrite history, as SQL on a table whose append-only triggers were dropped. */
interface Tampering {
  name: string;
  /** The positions it can be applied at, in a log of `count` entries. */
  positions(count: number): number[];
  statements(seq: number, entries: AuditEntry[]): string[];
  /** The first bad entry `verifyAuditLog` must name. */
  expected(seq: number): AuditVerification['firstInvalid'];
}

const TAMPERINGS: Tampering[] = [
  {
    name: 'alter one field',
    positions: (count) => range(1, count),
    statements: (seq) => [`update countersign_audit set actor = 'mallory' where seq = ${seq}`],
    expected: (seq) => ({ seq, reason: 'altered' }),
  },
  {
    name: 'alter one field and re-compute its hash',
    // The last entry re-hashed is a consistent shorter history: only a head kept elsewhere shows it.
    positions: (count) => range(1, count - 1),
    statements: (seq, entries) => {
      const entry = entries[seq - 1] as AuditEntry;
      const hash = hashAuditEntry({ ...entry, actor: 'mallory' }, entry.prevHash);
      return [`update countersign_audit set actor = 'mallory', hash = '${hash}' where seq = ${seq}`];
    },
    expected: (seq) => ({ seq: seq + 1, reason: 'broken-link' }),
  },
  {
    name: 'delete one row',
    // Deleting the last entry leaves a consistent shorter chain: see the head test below.
    positions: (count) => range(1, count - 1),
    statements: (seq) => [`delete from countersign_audit where seq = ${seq}`],
    expected: (seq) => ({ seq, reason: 'missing' }),
  },
  {
    name: "swap two rows' seq",
    positions: (count) => range(1, count - 1),
    statements: (seq) => [
      `update countersign_audit set seq = -1 where seq = ${seq}`,
      `update countersign_audit set seq = ${seq} where seq = ${seq + 1}`,
      `update countersign_audit set seq = ${seq + 1} where seq = -1`,
    ],
    expected: (seq) => ({ seq, reason: 'reordered' }),
  },
];

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

describe('tampering with the audit log of a SQLite file', () => {
  let original: string;
  let entries: AuditEntry[];

  beforeAll(async () => {
    original = path.join(directory, 'history.db');
    const db = new SqliteDb({ dbFile: original });
    await db.migrate();
    entries = await writeHistory(db);
    await db.close();
  });

  /** A copy of the history with the tampering applied by a raw connection. */
  function tampered(label: string, statements: string[]): string {
    const file = path.join(directory, `${label}.db`);
    fs.copyFileSync(original, file);
    const raw = new BetterSqlite3(file);
    raw.exec('drop trigger countersign_audit_no_update; drop trigger countersign_audit_no_delete');
    for (const statement of statements) raw.prepare(statement).run();
    raw.close();
    return file;
  }

  it('keeps the untouched history verifiable: `audit verify` exits 0', async () => {
    expect(new Set(entries.map((entry) => entry.action))).toEqual(
      new Set([
        'approval-requested',
        'access-denied',
        'approval-approved',
        'approval-denied',
        'tool-executed',
        'approval-confirmed',
      ]),
    );
    const result = await runCli(['audit', 'verify', '--db', original], { env: cleanEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Audit log OK: ${entries.length} entries`);
  });

  it.each(TAMPERINGS)(
    'detects "$name" at every position, naming the first bad entry',
    async (tampering) => {
      const positions = tampering.positions(entries.length);
      expect(positions.length).toBeGreaterThan(0);
      for (const seq of positions) {
        const file = tampered(
          `${tampering.name.replaceAll(/\W+/g, '-')}-${seq}`,
          tampering.statements(seq, entries),
        );
        const db = new SqliteDb({ dbFile: file });
        const verification = await db.verifyAuditLog();
        await db.close();
        expect(verification, `${tampering.name} at ${seq}`).toMatchObject({
          ok: false,
          firstInvalid: tampering.expected(seq),
        });
      }
      // The command line says the same, with exit code 1, at the first, a middle and the last position.
      const picks = [
        ...new Set([positions[0], positions[Math.floor(positions.length / 2)], positions.at(-1)]),
      ];
      for (const seq of picks as number[]) {
        const file = tampered(
          `cli-${tampering.name.replaceAll(/\W+/g, '-')}-${seq}`,
          tampering.statements(seq, entries),
        );
        const result = await runCli(['audit', 'verify', '--db', file], { env: cleanEnv() });
        const expected = tampering.expected(seq);
        expect(result.code, result.stdout + result.stderr).toBe(1);
        expect(result.stdout).toContain(`Audit log BROKEN at entry ${expected?.seq} (${expected?.reason})`);
      }
    },
    120_000,
  );

  it('shows a deleted last entry through the head kept elsewhere', async () => {
    const kept = { checked: entries.length, headHash: entries.at(-1)?.hash };
    const file = tampered('delete-last', [`delete from countersign_audit where seq = ${entries.length}`]);
    const db = new SqliteDb({ dbFile: file });
    const verification = await db.verifyAuditLog();
    await db.close();
    // The chain alone is consistent; the head recorded before does not match it any more.
    expect(verification.ok).toBe(true);
    expect({ checked: verification.checked, headHash: verification.headHash }).not.toEqual(kept);
  });
});

describe('tampering with the audit log on PostgreSQL', () => {
  let sourceSchema: string;
  let entries: AuditEntry[];

  beforeAll(async () => {
    sourceSchema = randomSchemaName('tamper');
    schemas.push(sourceSchema);
    const db = new PostgresDb({ connectionString, schema: sourceSchema });
    await db.migrate();
    entries = await writeHistory(db);
    await db.close();
  });

  /** A migrated schema holding a copy of the history, tampered with by a raw connection. */
  async function tampered(statements: string[]): Promise<Store> {
    const schema = randomSchemaName('tampered');
    schemas.push(schema);
    const db = new PostgresDb({ connectionString, schema });
    await db.migrate();
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(
        `insert into "${schema}".countersign_audit select * from "${sourceSchema}".countersign_audit`,
      );
      await client.query(`drop trigger countersign_audit_append_only on "${schema}".countersign_audit`);
      await client.query(`set search_path to "${schema}"`);
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
    return db;
  }

  it.each(TAMPERINGS)(
    'detects "$name" through verifyAuditLog',
    async (tampering) => {
      const positions = tampering.positions(entries.length);
      const picks = [
        ...new Set([positions[0], positions[Math.floor(positions.length / 2)], positions.at(-1)]),
      ];
      for (const seq of picks as number[]) {
        const db = await tampered(tampering.statements(seq, entries));
        try {
          expect(await db.verifyAuditLog(), `${tampering.name} at ${seq}`).toMatchObject({
            ok: false,
            firstInvalid: tampering.expected(seq),
          });
        } finally {
          await db.close();
        }
      }
    },
    120_000,
  );

  it('verifies the untouched copy', async () => {
    const db = await tampered([]);
    try {
      expect(await db.verifyAuditLog()).toMatchObject({ ok: true, checked: entries.length });
    } finally {
      await db.close();
    }
  });
});
