import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { MigrationRequiredError } from '../../src/errors/index.js';
import { makeRunDocument } from '../../src/testing/store-conformance/make-run-document.js';
import { makeLegSpans } from '../../src/testing/store-conformance/make-trace-spans.js';

const directory = mkdtempSync(join(tmpdir(), 'countersign-sqlite-traces-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('SqliteDb traces', () => {
  it('asks a database migrated before traces existed to migrate, and keeps its runs working', async () => {
    const db = new SqliteDb({ dbFile: join(directory, 'before-traces.db') });
    await db.migrate();
    // Roll the file back to what the previous release created: no trace tables, no 0003 record.
    db.database.exec(
      "drop table countersign_spans; drop table countersign_traces; delete from countersign_migrations where name = '0003_traces';",
    );
    const document = makeRunDocument();
    await db.saveRun(document, { expectedVersion: null });
    expect((await db.getRun(document.runId))?.version).toBe(1);
    const error = await db.listTraces().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationRequiredError);
    expect((error as Error).message).toContain('countersign migrate');
    await expect(db.saveSpans(makeLegSpans())).rejects.toBeInstanceOf(MigrationRequiredError);
    await expect(db.getTrace('1'.repeat(32))).rejects.toBeInstanceOf(MigrationRequiredError);

    await db.migrate();
    const spans = makeLegSpans({ runId: document.runId });
    await db.saveSpans(spans);
    expect((await db.listTraces({ runId: document.runId })).items).toHaveLength(1);
    expect((await db.getRun(document.runId))?.version).toBe(1);
    await db.close();
  });

  it('lists and prunes from indexes, without sorting', async () => {
    const db = new SqliteDb({ dbFile: join(directory, 'plans.db') });
    await db.migrate();
    const plan = (text: string, ...parameters: unknown[]) =>
      (db.database.prepare(`explain query plan ${text}`).all(...parameters) as Array<{ detail: string }>)
        .map((row) => row.detail)
        .join('; ');
    const page = (where: string) =>
      plan(
        `select * from countersign_traces where ${where} (start_time, trace_id) < (?, ?)
         order by start_time desc, trace_id desc limit ?`,
        ...Array.from(where.matchAll(/\?/g), () => 'v'),
        1,
        'x',
        10,
      );
    // Every filter walks the listing index newest first: no sort, and it stops after `limit` rows.
    for (const where of ['', 'agent_id = ? and', 'session_id = ? and', 'team_id = ? and']) {
      expect(page(where), where).toContain('countersign_traces_start_idx');
      expect(page(where), where).not.toContain('TEMP B-TREE');
    }
    expect(plan('select * from countersign_traces where run_id = ?', 'r')).toContain(
      'countersign_traces_run_idx',
    );
    const sweep = plan(
      `select trace_id from countersign_traces where start_time < ? and end_time < ?
       order by start_time desc, trace_id desc limit 500`,
      1,
      1,
    );
    expect(sweep).toContain('countersign_traces_start_idx');
    expect(sweep).not.toContain('TEMP B-TREE');
    expect(
      plan('select * from countersign_spans where trace_id = ? order by start_time, span_id', 't'),
    ).toContain('sqlite_autoindex_countersign_spans_1');
    await db.close();
  });
});
