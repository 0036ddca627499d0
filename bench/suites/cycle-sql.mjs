// Suite "cycle-sql": how much of the pause/resume cycle is the storage protocol itself. It records
// every SQL statement one B cycle of the peer benchmark sends (pause in one connection, load,
// confirm and continue in a second one: the insert, the claim, the journal completion with its
// audit entry, the final write) and replays exactly that SQL on raw better-sqlite3 with fresh ids,
// no framework at all, beside the floor of shared/bench/peers (sqlite-floor.mjs: one insert and one
// compare-and-set, two commits) and beside the framework's own cycle, in rotating rounds of one
// process. floor / replay is the best share of the floor that any framework could reach with these
// writes; floor / framework is what Countersign reaches.
// It loads the built package (dist/) and the floor from the peer benchmark's scratch copy
// (.data/bench-peers, installed by the peers suite when missing).
//
//   node bench/run.mjs --suite cycle-sql [--quick] [--rounds 9] [--cycles 1000]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeCheck } from '../lib/checks.mjs';
import { formatNumber } from '../lib/format.mjs';
import { installHarnessDependencies, syncHarness } from '../lib/peer-harness.mjs';
import { median } from '../lib/statistics.mjs';

const DEFAULTS = { rounds: 9, cycles: 1_000 };
const QUICK = { rounds: 3, cycles: 300 };

function parseArguments(suiteArguments) {
  const options = {};
  for (let index = 0; index < suiteArguments.length; index += 2) {
    const name = suiteArguments[index];
    if (name !== '--rounds' && name !== '--cycles') throw new Error(`unknown option ${name}`);
    const number = Number(suiteArguments[index + 1]);
    if (!Number.isInteger(number) || number < 1) throw new Error(`${name} needs a positive integer`);
    options[name.slice(2)] = number;
  }
  return options;
}

/** The statements of one cycle, as better-sqlite3 runs them: SQL text, parameters, connection. */
function recordStatements(Database) {
  const prototype = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'));
  const originals = {};
  let log = null;
  for (const method of ['run', 'all', 'get']) {
    originals[method] = prototype[method];
    prototype[method] = function (...parameters) {
      log?.push({ sql: this.source, parameters: parameters[0] ?? [], connection: this.database });
      return originals[method].apply(this, parameters);
    };
  }
  return {
    start: () => {
      log = [];
    },
    stop: () => {
      for (const method of Object.keys(originals)) prototype[method] = originals[method];
      return log;
    },
  };
}

export default {
  name: 'cycle-sql',
  description: 'the SQL of one pause/resume cycle replayed on raw better-sqlite3, beside the floor',
  parseArguments,
  async run(context) {
    const { repositoryRoot, log } = context;
    const options = {
      ...DEFAULTS,
      ...(context.quick ? QUICK : {}),
      ...parseArguments(context.suiteArguments),
    };
    const scratchDirectory = path.join(repositoryRoot, '.data', 'bench-peers');
    if (!fs.existsSync(path.join(scratchDirectory, 'node_modules', 'better-sqlite3'))) {
      syncHarness(
        path.resolve(
          process.env.COUNTERSIGN_BENCH_PEERS_DIR ??
            path.join(repositoryRoot, '..', 'shared', 'bench', 'peers'),
        ),
        scratchDirectory,
      );
      await installHarnessDependencies(scratchDirectory, log);
    }
    const Database = createRequire(path.join(repositoryRoot, 'package.json'))('better-sqlite3');
    const dist = (entry) => import(pathToFileURL(path.join(repositoryRoot, 'dist', entry)).href);
    const { Agent, tool } = await dist('index.js');
    const { SqliteDb } = await dist('db/sqlite/index.js');
    const { timeOrderedId } = await dist('ids/index.js');
    const { z } = await import(
      pathToFileURL(createRequire(path.join(repositoryRoot, 'package.json')).resolve('zod')).href
    );
    const floor = (
      await import(pathToFileURL(path.join(scratchDirectory, 'sqlite-floor.mjs')).href)
    ).default();

    // The framework's cycle, shaped as the peer benchmark's adapter (shared/bench/peers/countersign.mjs).
    const usage = { inputTokens: { total: 40, noCache: 40 }, outputTokens: { total: 12, text: 12 } };
    const model = () => ({
      specificationVersion: 'v3',
      provider: 'bench',
      modelId: 'scripted',
      supportedUrls: {},
      seq: 0,
      async doGenerate(call) {
        this.seq += 1;
        const answered = call.prompt.some((message) => message.role === 'tool');
        return answered
          ? {
              content: [{ type: 'text', text: 'Done.' }],
              finishReason: { unified: 'stop' },
              usage,
              warnings: [],
            }
          : {
              content: [
                {
                  type: 'tool-call',
                  toolCallId: `call_${this.seq}`,
                  toolName: 'restart_service',
                  input: '{"serviceName":"billing"}',
                },
              ],
              finishReason: { unified: 'tool-calls' },
              usage,
              warnings: [],
            };
      },
    });
    const agent = (db) =>
      new Agent({
        id: 'ops',
        model: model(),
        db,
        tools: [
          tool({
            name: 'restart_service',
            description: 'Restart a service',
            inputSchema: z.object({ serviceName: z.string() }),
            requiresConfirmation: true,
            execute: async ({ serviceName }) => `restarted ${serviceName}`,
          }),
        ],
      });
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-cycle-sql-'));
    const file = path.join(directory, 'countersign.db');
    const first = new SqliteDb({ dbFile: file });
    await first.migrate();
    const second = new SqliteDb({ dbFile: file });
    const pauser = agent(first);
    let runs = 0;
    const frameworkCycle = async () => {
      runs += 1;
      const run = await pauser.run('Restart the billing service', { userId: `u${runs % 16}` });
      const resumer = agent(second);
      const loaded = await resumer.getRun(run.runId);
      loaded.activeRequirements[0].confirm();
      const done = await resumer.continueRun({ runId: run.runId, requirements: loaded.requirements });
      if (done.status !== 'completed') throw new Error(`the cycle ended ${done.status}`);
    };
    for (let index = 0; index < 50; index += 1) await frameworkCycle();
    const recorder = recordStatements(Database);
    recorder.start();
    await frameworkCycle();
    const statements = recorder.stop();
    const pauseConnection = first.database;
    const runId = statements[0].parameters[0];
    const sessionId = statements[0].parameters[3];

    // The replay: the same SQL on two raw connections with the floor's settings, fresh ids a cycle.
    const replayFile = path.join(directory, 'replay.db');
    const schema = new SqliteDb({ dbFile: replayFile, checkpoint: 'inline' });
    await schema.migrate();
    await schema.close();
    const open = () => {
      const connection = new Database(replayFile);
      connection.pragma('journal_mode = WAL');
      connection.pragma('synchronous = NORMAL');
      connection.pragma('foreign_keys = ON');
      return connection;
    };
    const connections = [open(), open()];
    const prepared = statements.map((statement) =>
      connections[statement.connection === pauseConnection ? 0 : 1].prepare(statement.sql),
    );
    let auditSeq = 0;
    const replayCycle = () => {
      // Fresh ids of the kind the package makes (time-ordered), so the replay writes where it does.
      const freshRun = timeOrderedId();
      const freshSession = timeOrderedId();
      statements.forEach((statement, index) => {
        const parameters = statement.parameters.map((value) =>
          typeof value === 'string' && (value.includes(runId) || value.includes(sessionId))
            ? value.split(runId).join(freshRun).split(sessionId).join(freshSession)
            : value,
        );
        if (statement.sql.startsWith('insert into "countersign_audit"')) {
          // The chain position: the replay is the database's only appender.
          auditSeq += 1;
          parameters[0] = auditSeq;
          parameters[1] = `aud_${timeOrderedId()}`;
        }
        const query = prepared[index];
        if (!query.reader) {
          query.run(parameters);
          return;
        }
        const rows = query.all(parameters);
        for (const row of rows) if (typeof row.document === 'string') JSON.parse(row.document);
      });
    };

    await floor.setup({ dataDir: directory, stateBytes: 3745 });
    for (let index = 0; index < 200; index += 1) {
      replayCycle();
      await floor.pauseResumeCycle();
    }
    const timings = { framework: [], replay: [], floor: [] };
    const measure = async (cycle) => {
      const started = performance.now();
      for (let index = 0; index < options.cycles; index += 1) await cycle();
      return ((performance.now() - started) * 1000) / options.cycles;
    };
    const order = [
      ['framework', frameworkCycle],
      ['replay', replayCycle],
      ['floor', () => floor.pauseResumeCycle()],
    ];
    for (let round = 0; round < options.rounds; round += 1) {
      for (let step = 0; step < order.length; step += 1) {
        const [name, cycle] = order[(round + step) % order.length];
        timings[name].push(await measure(cycle));
      }
    }
    await floor.teardown();
    for (const connection of connections) connection.close();
    await first.close();
    await second.close();
    fs.rmSync(directory, { recursive: true, force: true });

    const perCycle = Object.fromEntries(
      Object.entries(timings).map(([name, values]) => [name, median(values)]),
    );
    // A commit ends each transaction, and a write outside one commits on its own.
    let commits = 0;
    let inTransaction = false;
    for (const { sql } of statements) {
      if (/^begin/i.test(sql)) inTransaction = true;
      else if (/^commit/i.test(sql)) {
        inTransaction = false;
        commits += 1;
      } else if (!inTransaction && !/^select/i.test(sql)) commits += 1;
    }
    const results = {
      statements: statements.length,
      commits,
      microsecondsPerCycle: perCycle,
      floorShareOfReplay: perCycle.floor / perCycle.replay,
      floorShareOfFramework: perCycle.floor / perCycle.framework,
      rounds: options.rounds,
      cycles: options.cycles,
    };
    log(
      `${results.statements} statements, ${results.commits} commits a cycle; median µs a cycle: framework ${formatNumber(perCycle.framework)}, its SQL replayed raw ${formatNumber(perCycle.replay)}, floor ${formatNumber(perCycle.floor)}`,
    );
    return {
      name: 'cycle-sql',
      results,
      checks: [
        makeCheck({
          name: 'B: the cycle against the raw SQLite floor (same process, rotating rounds)',
          value: Number(results.floorShareOfFramework.toFixed(3)),
          operator: '>=',
          target: 0.5,
          unit: 'x',
          detail: `the cycle's own SQL replayed without the framework reaches ${results.floorShareOfReplay.toFixed(2)}x of the floor (${results.commits} commits against the floor's 2)`,
        }),
      ],
      tables: [
        {
          title: 'The pause/resume cycle, its SQL alone, and the floor (median µs a cycle)',
          note: `Countersign: pause in one SqliteDb, getRun + confirm + continueRun in a second one on the same file. Replay: the ${results.statements} statements that cycle sent (${results.commits} commits: pause, claim with journal and decision audit, journal result with execution audit, final write), run on raw better-sqlite3 with fresh ids. Floor: shared/bench/peers/sqlite-floor.mjs (2 commits, no journal, no audit). ${options.rounds} rotating rounds of ${options.cycles} cycles.`,
          columns: [
            { label: 'Figure' },
            { label: 'µs a cycle', align: 'right' },
            { label: 'floor / this', align: 'right' },
          ],
          rows: [
            ['Countersign cycle', formatNumber(perCycle.framework), results.floorShareOfFramework.toFixed(2)],
            ['its SQL replayed raw', formatNumber(perCycle.replay), results.floorShareOfReplay.toFixed(2)],
            ['SQLite floor', formatNumber(perCycle.floor), '1.00'],
          ],
        },
      ],
    };
  },
};
