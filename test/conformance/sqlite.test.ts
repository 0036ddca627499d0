import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-entry.js';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { SqliteBackend } from '../../src/db/sqlite/sqlite-backend.js';
import type { Store } from '../../src/db/store.js';
import { ConfigurationError } from '../../src/errors/index.js';
import { newRunDocument } from '../../src/run/new-run-document.js';
import { type AuditTamperer, describeStoreConformance } from '../../src/testing/store-conformance.js';
import { ensureBuilt } from '../helpers/built-package.js';

const directory = mkdtempSync(join(tmpdir(), 'countersign-sqlite-'));
const root = resolve(import.meta.dirname, '../..');
let files = 0;

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Tampers with the audit table in SQL, dropping its append-only triggers first as an attacker would. */
const tamperAudit: AuditTamperer = {
  async replace(store, seq, fields) {
    const database = withoutGuards(store);
    const row = auditRow(fields);
    database
      .prepare(
        `update countersign_audit set id = @id, at = @at, action = @action, actor = @actor,
         actor_roles = @actor_roles, run_id = @run_id, approval_id = @approval_id, tool_name = @tool_name,
         tool_call_id = @tool_call_id, args_digest = @args_digest, data = @data, prev_hash = @prev_hash,
         hash = @hash where seq = @seq`,
      )
      .run({ ...row, seq });
  },
  async remove(store, seq) {
    withoutGuards(store).prepare('delete from countersign_audit where seq = ?').run(seq);
  },
};

function withoutGuards(store: Store) {
  const { database } = store as SqliteDb;
  database.exec(
    'drop trigger if exists countersign_audit_no_update; drop trigger if exists countersign_audit_no_delete;',
  );
  return database;
}

function auditRow(fields: Omit<AuditEntry, 'seq'>) {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  return {
    id: fields.id,
    at: fields.at,
    action: fields.action,
    actor: fields.actor,
    actor_roles: json(fields.actorRoles),
    run_id: fields.runId ?? null,
    approval_id: fields.approvalId ?? null,
    tool_name: fields.toolName ?? null,
    tool_call_id: fields.toolCallId ?? null,
    args_digest: fields.argsDigest ?? null,
    data: json(fields.data),
    prev_hash: fields.prevHash,
    hash: fields.hash,
  };
}

describeStoreConformance(
  'sqlite',
  async () => {
    files += 1;
    return new SqliteDb({ dbFile: join(directory, `store-${files}.db`) });
  },
  { tamperAudit },
);

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

  it('refuses updates and deletes of audit entries in the database itself', async () => {
    const db = new SqliteDb({ dbFile: join(directory, 'append-only.db') });
    await db.migrate();
    await db.appendAudit([{ action: 'tool-executed', actor: 'u1' }]);
    expect(() => db.database.prepare("update countersign_audit set actor = 'x'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.database.prepare('delete from countersign_audit').run()).toThrow(/append-only/);
    expect((await db.verifyAuditLog()).ok).toBe(true);
    await db.close();
  });

  it('keeps one audit chain when two connections append in turns, and after a rolled-back append', async () => {
    // Each connection caches the head its own last commit left; the other connection's appends
    // make that head stale, which must show as a collision and a fresh read, never a fork or gap.
    const file = join(directory, 'two-appenders.db');
    const first = new SqliteDb({ dbFile: file });
    await first.migrate();
    const second = new SqliteDb({ dbFile: file });
    for (let round = 0; round < 5; round += 1) {
      await first.appendAudit([{ action: 'tool-executed', actor: `first-${round}` }]);
      await second.appendAudit([
        { action: 'tool-executed', actor: `second-${round}` },
        { action: 'tool-executed', actor: `second-${round}b` },
      ]);
    }
    // A transaction that appended and then failed must not leave its head cached.
    first.database.exec(`create temp trigger refuse_boom before insert on countersign_audit
      when new.actor = 'boom' begin select raise(abort, 'boom'); end`);
    await expect(
      first.appendAudit([
        { action: 'tool-executed', actor: 'lost' },
        { action: 'tool-executed', actor: 'boom' },
      ]),
    ).rejects.toThrow(/boom/);
    first.database.exec('drop trigger refuse_boom');
    await first.appendAudit([{ action: 'tool-executed', actor: 'after-rollback' }]);
    await second.appendAudit([{ action: 'tool-executed', actor: 'last' }]);
    const verification = await first.verifyAuditLog();
    expect(verification).toMatchObject({ ok: true, checked: 17 });
    const { items } = await second.listAudit({ limit: 100 });
    expect(items.map((entry) => entry.actor)).not.toContain('lost');
    expect(items.map((entry) => entry.seq)).toEqual(Array.from({ length: 17 }, (_, index) => index + 1));
    await first.close();
    await second.close();
  });

  it('checkpoints the WAL from a background thread once it has grown, and not with checkpoint: inline', async () => {
    // The main connection's own automatic checkpoint is switched off, so only the background
    // thread can have copied pages into the database file.
    const fill = async (checkpoint: 'background' | 'inline') => {
      const file = join(directory, `checkpoint-${checkpoint}.db`);
      const db = new SqliteDb({ dbFile: file, checkpoint });
      await db.migrate();
      db.database.pragma('wal_autocheckpoint = 0');
      const before = statSync(file).size;
      for (let index = 0; index < 1_500; index += 1) {
        const document = newRunDocument({ agentId: 'ops', input: `restart ${index} ${'x'.repeat(4_000)}` });
        await db.saveRun({ ...document, status: 'paused' }, { expectedVersion: null });
      }
      return { db, file, before };
    };
    const background = await fill('background');
    const deadline = Date.now() + 10_000;
    while (statSync(background.file).size < background.before + 4_000_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statSync(background.file).size).toBeGreaterThan(background.before + 4_000_000);
    await background.db.close();

    const inline = await fill('inline');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statSync(inline.file).size).toBe(inline.before);
    expect((await inline.db.listRuns({ limit: 1 })).items).toHaveLength(1);
    await inline.db.close();
  });

  it('lets a process that awaits close() at top level finish once the checkpointer thread stopped', () => {
    ensureBuilt();
    const file = join(directory, 'top-level-close.db');
    const script = `
      import { SqliteDb } from ${JSON.stringify(pathToFileURL(join(root, 'dist/db/sqlite/index.js')).href)};
      const db = new SqliteDb({ dbFile: ${JSON.stringify(file)} });
      await db.migrate();
      for (let index = 0; index < 1500; index += 1) {
        await db.appendAudit([{ action: 'tool-executed', actor: 'u', data: { pad: 'x'.repeat(4000) } }]);
      }
      await db.close();
      console.log('closed');
    `;
    // A module file, as a program would be: Node ends with code 13 when the event loop empties while
    // a top-level await is pending (an eval'd script does not show it).
    const program = join(directory, 'top-level-close.mjs');
    writeFileSync(program, script);
    const output = execFileSync(process.execPath, [program], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(output.trim()).toBe('closed');
  });

  it('upgrades a database made before 0006_ascending_listings and keeps its journal', async () => {
    const file = join(directory, 'upgrade-0006.db');
    const db = new SqliteDb({ dbFile: file });
    await db.migrate();
    const document = newRunDocument({ agentId: 'ops', input: 'restart billing' });
    await db.saveRun({ ...document, status: 'paused' }, { expectedVersion: null });
    // Back to the shape 0001-0005 left: a rowid journal and the runs' agent index.
    db.database.exec(`
      drop table countersign_tool_executions;
      create table countersign_tool_executions (run_id text not null references countersign_runs (id) on delete cascade,
        tool_call_id text not null, tool_name text not null, status text not null, result text, is_error integer,
        started_at integer not null, completed_at integer,
        constraint countersign_tool_executions_pk primary key (run_id, tool_call_id));
      create index countersign_runs_agent_created_idx on countersign_runs (agent_id, created_at desc, id desc);
      delete from countersign_migrations where name = '0006_ascending_listings';`);
    db.database
      .prepare(
        `insert into countersign_tool_executions (run_id, tool_call_id, tool_name, status, result, is_error, started_at, completed_at)
         values (?, 'call_1', 'restart', 'completed', '"done"', 0, 1, 2)`,
      )
      .run(document.runId);
    await db.migrate();
    const table = db.database
      .prepare("select wr from pragma_table_list where name = 'countersign_tool_executions'")
      .get() as { wr: number };
    expect(table.wr).toBe(1);
    expect(
      db.database
        .prepare("select name from sqlite_master where name = 'countersign_runs_agent_created_idx'")
        .all(),
    ).toEqual([]);
    await expect(
      db.beginToolExecution({
        runId: document.runId,
        toolCallId: 'call_1',
        toolName: 'restart',
        startedAt: 3,
      }),
    ).resolves.toMatchObject({ status: 'completed', result: 'done' });
    await db.close();
  });

  it('caches the audit head a transaction leaves only once it commits', async () => {
    const owner = new SqliteDb({ dbFile: ':memory:' });
    const backend = new SqliteBackend(owner.database, false);
    const head = { seq: 9, hash: 'a'.repeat(64) };
    await expect(
      backend.transaction(async () => {
        backend.noteAuditHead(head);
        throw new Error('a later statement failed');
      }),
    ).rejects.toThrow(/later statement/);
    expect(backend.cachedAuditHead()).toBeUndefined();
    await backend.transaction(async () => backend.noteAuditHead(head));
    expect(backend.cachedAuditHead()).toEqual(head);
    await expect(
      backend.transaction(async () => {
        throw new Error('failed before appending');
      }),
    ).rejects.toThrow();
    expect(backend.cachedAuditHead()).toBeUndefined();
    await owner.close();
  });

  it('serves every single-filter listing from an index, newest first, without sorting', async () => {
    const db = new SqliteDb({ dbFile: join(directory, 'plans.db') });
    await db.migrate();
    const planOf = (table: string, where: string) =>
      (
        db.database
          .prepare(
            `explain query plan select * from ${table} where ${where}
             and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?`,
          )
          .all(...Array.from(where.matchAll(/\?/g), () => 'v'), 1, 'x', 1) as Array<{ detail: string }>
      )
        .map((row) => row.detail)
        .join('; ');
    const plan = (where: string) => planOf('countersign_approvals', where);
    const indexed: Array<[string, string]> = [
      ['status = ?', 'countersign_approvals_status_created_idx'],
      ['approver_role = ? and status = ?', 'countersign_approvals_role_status_created_idx'],
      ['agent_id = ?', 'countersign_approvals_agent_created_idx'],
      ['team_id = ?', 'countersign_approvals_team_created_idx'],
      ['1 = 1', 'countersign_approvals_created_idx'],
    ];
    for (const [where, index] of indexed) {
      const detail = plan(where);
      expect(detail, where).toContain(index);
      expect(detail, where).not.toContain('TEMP B-TREE');
    }
    // A run has a handful of records, and a role without a status is a rare listing: both are
    // range scans of their index with the few matching rows sorted afterwards.
    expect(plan('run_id = ?')).toContain('countersign_approvals_run_idx');
    expect(plan('approver_role = ?')).toContain('countersign_approvals_role_status_created_idx');
    // Filters without an index of their own are checked while walking the creation index.
    for (const where of ['type = ?', 'requirement_kind = ?', 'session_id = ?', 'requested_by = ?']) {
      expect(plan(where), where).toContain('countersign_approvals_created_idx');
      expect(plan(where), where).not.toContain('TEMP B-TREE');
    }
    // Runs and traces: the same keyset over ascending indexes, read backwards.
    const runPlan = (where: string) => planOf('countersign_runs', where);
    for (const [where, index] of [
      ['status = ?', 'countersign_runs_status_created_idx'],
      // A handful of agents: their runs are found by walking the creation index.
      ['agent_id = ?', 'countersign_runs_created_idx'],
      ['session_id = ?', 'countersign_runs_session_created_idx'],
      ['1 = 1', 'countersign_runs_created_idx'],
    ] as const) {
      expect(runPlan(where), where).toContain(index);
      expect(runPlan(where), where).not.toContain('TEMP B-TREE');
    }
    const traces = (
      db.database
        .prepare(
          'explain query plan select * from countersign_traces where (start_time, trace_id) < (?, ?) order by start_time desc, trace_id desc limit ?',
        )
        .all(1, 'x', 1) as Array<{ detail: string }>
    )
      .map((row) => row.detail)
      .join('; ');
    expect(traces).toContain('countersign_traces_start_idx');
    expect(traces).not.toContain('TEMP B-TREE');
    const sweep = db.database
      .prepare(
        "explain query plan select id from countersign_approvals where status = 'pending' and expires_at < ?",
      )
      .all(1) as Array<{ detail: string }>;
    expect(sweep.map((row) => row.detail).join()).toContain('countersign_approvals_expiry_idx');
    await db.close();
  });

  it('asks for exactly one of dbFile and database', () => {
    expect(() => new SqliteDb({})).toThrow(ConfigurationError);
  });
});
