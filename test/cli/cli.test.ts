import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import { ensureBuilt } from '../helpers/built-package.js';
import { cleanEnv, runCli, startServer } from '../helpers/cli.js';
import { dropSchemas, postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';

const dist = path.resolve(import.meta.dirname, '../../dist');
let directory: string;

beforeAll(() => {
  ensureBuilt();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-cli-'));
});
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function dbFile(): string {
  return path.join(directory, `cli-${Math.random().toString(36).slice(2)}.db`);
}

/** A SQLite file with one paused demo refund run of alice, made through the SDK. */
async function pausedRefund(file: string): Promise<{ runId: string; approvalId: string }> {
  const db = new SqliteDb({ dbFile: file });
  await db.migrate();
  const run = await createDemoAgent({ db }).run('refund $300 to ACME-123', { userId: 'alice' });
  await db.close();
  return { runId: run.runId, approvalId: run.requirements[0]?.approvalId as string };
}

describe('help and errors', () => {
  it('prints help for the program and each command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: countersign <command>');
    for (const command of ['serve', 'migrate', 'approvals', 'audit', 'traces']) {
      const help = await runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: countersign ${command}`);
    }
  });

  it('reports bad usage in one line with a non-zero exit code', async () => {
    const unknown = await runCli(['deploy']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain("unknown command 'deploy'");
    const option = await runCli(['serve', '--prot', '8080']);
    expect(option.code).toBe(1);
    expect(option.stderr.trim()).toBe(
      "countersign serve: Unknown option '--prot'. See `countersign serve --help`.",
    );
    const port = await runCli(['serve', '--port', 'eighty']);
    expect(port.stderr.trim()).toBe(
      "countersign serve: --port must be a whole number from 0 to 65535, got 'eighty'.",
    );
    const missing = await runCli(['approvals', 'list', '--db', dbFile()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('countersign migrate');
  });
});

describe('migrate', () => {
  it('creates the tables in a SQLite file, in a directory it creates', async () => {
    const file = path.join(directory, 'deep', 'er', 'store.db');
    const result = await runCli(['migrate', '--db', file]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Migrated ${file} (sqlite).`);
    expect((await runCli(['approvals', 'list', '--db', file])).stdout).toContain('No approvals match.');
  });

  it('migrates PostgreSQL named by DATABASE_URL, with a schema', async () => {
    const connection = await postgresConnectionString();
    const schema = randomSchemaName('cli');
    try {
      const url = `${connection}${connection.includes('?') ? '&' : '?'}schema=${schema}`;
      const result = await runCli(['migrate'], { env: cleanEnv({ DATABASE_URL: url }) });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('(postgres)');
      expect((await runCli(['audit', 'verify'], { env: cleanEnv({ DATABASE_URL: url }) })).stdout).toContain(
        'Audit log OK: 0 entries',
      );
    } finally {
      await dropSchemas(connection, [schema]);
    }
  });
});

describe('approvals', () => {
  it('lists, shows, refuses a self-approval, and approves as another user, resuming the run', async () => {
    const file = dbFile();
    const { runId, approvalId } = await pausedRefund(file);
    const list = await runCli(['approvals', 'list', '--status', 'pending', '--db', file]);
    expect(list.stdout).toMatch(new RegExp(`${approvalId}\\s+pending\\s+issue_refund\\s+alice\\s+finance`));
    const show = await runCli(['approvals', 'show', approvalId, '--db', file]);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: approvalId, runId, toolArgs: { amount: 300 } });
    expect((await runCli(['approvals', 'approve', approvalId, '--db', file])).stderr).toContain(
      'needs --as USER',
    );
    const self = await runCli([
      'approvals',
      'approve',
      approvalId,
      '--as',
      'alice',
      '--roles',
      'finance',
      '--db',
      file,
    ]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('cannot approve it');
    const approved = await runCli([
      'approvals',
      'approve',
      approvalId,
      '--as',
      'bob',
      '--roles',
      'finance',
      '--db',
      file,
    ]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`approved ${approvalId} (issue_refund for alice) as bob`);
    expect(approved.stdout).toContain(`run ${runId}: completed - [offline demo model] issue_refund finished`);
    const again = await runCli([
      'approvals',
      'reject',
      approvalId,
      '--as',
      'carol',
      '--roles',
      'finance',
      '--db',
      file,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("is 'approved', not 'pending'");
  });

  it('rejects with a reason the model hears', async () => {
    const file = dbFile();
    const { approvalId } = await pausedRefund(file);
    const rejected = await runCli([
      'approvals',
      'reject',
      approvalId,
      '--as',
      'bob',
      '--roles',
      'finance',
      '--reason',
      'duplicate request',
      '--db',
      file,
    ]);
    expect(rejected.stdout).toContain('Rejected by the approver (bob): duplicate request');
  });
});

describe('audit', () => {
  it('exports the chain and detects tampering', async () => {
    const file = dbFile();
    const { approvalId } = await pausedRefund(file);
    await runCli(['approvals', 'approve', approvalId, '--as', 'bob', '--roles', 'finance', '--db', file]);
    const out = path.join(directory, 'audit.jsonl');
    const exported = await runCli(['audit', 'export', '--out', out, '--db', file]);
    expect(exported.stdout).toContain('Exported 3 audit entries');
    expect(
      fs
        .readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).action),
    ).toEqual(['approval-requested', 'approval-approved', 'tool-executed']);
    const toStdout = await runCli(['audit', 'export', '--db', file]);
    expect(toStdout.stdout).toBe(fs.readFileSync(out, 'utf8'));
    expect((await runCli(['audit', 'verify', '--db', file])).code).toBe(0);
    // Somebody with write access to the file drops the append-only guard and rewrites history.
    const raw = new BetterSqlite3(file);
    raw.exec('drop trigger countersign_audit_no_update');
    raw.prepare("update countersign_audit set actor = 'mallory' where seq = 2").run();
    raw.close();
    const broken = await runCli(['audit', 'verify', '--db', file]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Audit log BROKEN at entry 2 (altered)');
  });
});

describe('serve with a config file', () => {
  function writeConfig(name: string, auth = ''): string {
    const file = path.join(directory, name);
    fs.writeFileSync(
      file,
      `import { Agent, tool } from '${pathToFileURL(path.join(dist, 'index.js')).href}';
import { ScriptedModel } from '${pathToFileURL(path.join(dist, 'testing/index.js')).href}';
const ping = tool({ name: 'ping', inputSchema: { type: 'object', properties: {} }, execute: (): string => 'pong' });
const config = ({ db }: { db: unknown }) => ({
  agents: [new Agent({ id: 'pinger', model: new ScriptedModel([{ toolCalls: [{ toolName: 'ping' }] }, { text: 'pinged' }]), tools: [ping], db: db as never })],
  ${auth}
});
export default config;
`,
    );
    return file;
  }

  it('loads a TypeScript config and serves its agents', async () => {
    const config = writeConfig('countersign.config.ts');
    const server = await startServer(['--dev', '--port', '0', '--db', dbFile(), '--config', config]);
    try {
      const agents = (await (await fetch(`${server.url}/agents`)).json()) as { id: string }[];
      expect(agents.map((agent) => agent.id)).toEqual(['pinger']);
      const run = await fetch(`${server.url}/agents/pinger/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'alice' },
        body: JSON.stringify({ message: 'ping' }),
      });
      expect(await run.json()).toMatchObject({ status: 'completed', content: 'pinged' });
      expect(fs.readdirSync(directory).filter((name) => name.endsWith('.mjs'))).toEqual([]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('takes API keys from the config and refuses requests without one', async () => {
    const config = writeConfig(
      'keys.config.ts',
      "auth: { apiKeys: [{ key: 'ck_cli_test_key_0123456789', userId: 'ops-bot', roles: ['admin'] }] },",
    );
    const server = await startServer(['--port', '0', '--db', dbFile(), '--config', config]);
    try {
      expect((await fetch(`${server.url}/agents`)).status).toBe(401);
      const ok = await fetch(`${server.url}/agents`, {
        headers: { authorization: 'Bearer ck_cli_test_key_0123456789' },
      });
      expect(ok.status).toBe(200);
      expect(server.log()).not.toContain('DEV MODE');
    } finally {
      await server.stop();
    }
  });

  it('refuses to serve without credentials or --dev, and names a broken config', async () => {
    const noAuth = await runCli(['serve', '--port', '0', '--db', dbFile()]);
    expect(noAuth.code).toBe(1);
    expect(noAuth.stderr.trim().split('\n').at(-1)).toMatch(
      /^countersign serve: The server has no way to authenticate requests/,
    );
    const broken = path.join(directory, 'broken.config.mjs');
    fs.writeFileSync(broken, "throw new Error('syntax of doom');\n");
    const failed = await runCli(['serve', '--dev', '--port', '0', '--db', dbFile(), '--config', broken]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      `countersign serve: The config file ${broken} failed to load: syntax of doom`,
    );
    const absent = await runCli(['serve', '--dev', '--db', dbFile(), '--config', 'nope.config.ts']);
    expect(absent.stderr.trim().split('\n').at(-1)).toBe(
      'countersign serve: The config file nope.config.ts does not exist.',
    );
  });

  it('verifies JWTs with COUNTERSIGN_JWT_SECRET', async () => {
    const server = await startServer(['--port', '0', '--db', dbFile()], {
      env: cleanEnv({ COUNTERSIGN_JWT_SECRET: 'a-cli-test-secret-of-32-characters-or-more' }),
    });
    try {
      expect((await fetch(`${server.url}/agents`)).status).toBe(401);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('countersign traces', () => {
  it('lists the traces of a run and prunes old ones, leaving the audit log verifiable', async () => {
    const file = dbFile();
    const db = new SqliteDb({ dbFile: file });
    await db.migrate();
    const agent = createDemoAgent({ db });
    const run = await agent.run('refund $300 to ACME-123', { userId: 'alice' });
    await agent.flushTraces();
    await db.close();
    const listed = await runCli(['traces', 'list', '--db', file, '--run', run.runId]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`run ${run.runId}  invoke_agent Helpdesk (demo)`);
    const bad = await runCli(['traces', 'prune', '--db', file, '--older-than', 'soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toContain('--older-than soon is not a duration');
    const kept = await runCli(['traces', 'prune', '--db', file, '--older-than', '90d']);
    expect(kept.stdout).toContain('Pruned 0 trace(s)');
    // The trace ended more than a second ago once a second has passed.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const pruned = await runCli(['traces', 'prune', '--db', file, '--older-than', '1']);
    expect(pruned.stdout).toContain('Pruned 1 trace(s)');
    expect((await runCli(['traces', 'list', '--db', file])).stdout).toContain('No traces.');
    const audit = await runCli(['audit', 'verify', '--db', file]);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/Audit log OK: [1-9]\d* entries/);
  }, 60_000);
});
