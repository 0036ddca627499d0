// What the suites that measure a store on SQLite and on PostgreSQL (approvals, http) share: their
// arguments, finding the PostgreSQL server, and running the same measurement on each backend.

/** Where the local PostgreSQL usually answers when `DATABASE_URL` is not set. */
const POSTGRES_CANDIDATES = [
  'postgres://postgres@127.0.0.1:5432/test',
  'postgres://root@127.0.0.1:5432/test',
];

/**
 * Parses a suite's arguments: positive integers named in `integerOptions` (`--rows 1000` becomes
 * `{ rows: 1000 }`) and `--backends sqlite,postgres`.
 */
export function parseBackendArguments(suiteName, suiteArguments, integerOptions) {
  const options = {};
  for (let index = 0; index < suiteArguments.length; index++) {
    const name = suiteArguments[index];
    const value = suiteArguments[index + 1];
    if (integerOptions.includes(name.slice(2)) && name.startsWith('--')) {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1) throw new Error(`${name} needs a positive integer`);
      options[name.slice(2)] = number;
      index++;
    } else if (name === '--backends') {
      if (!value) throw new Error('--backends needs a list: sqlite,postgres');
      const backends = value.split(',');
      for (const backend of backends) {
        if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`unknown backend ${backend}`);
      }
      options.backends = backends;
      index++;
    } else {
      const accepted = [...integerOptions.map((option) => `--${option}`), '--backends'].join(', ');
      throw new Error(`unknown argument ${name} for the ${suiteName} suite (it accepts ${accepted})`);
    }
  }
  return options;
}

/** The first PostgreSQL connection string that answers (`DATABASE_URL`, else the local server), with `pg`. */
export async function postgresConnectionString() {
  const pg = (await import('pg')).default;
  const candidates = process.env.DATABASE_URL ? [process.env.DATABASE_URL] : POSTGRES_CANDIDATES;
  const failures = [];
  for (const candidate of candidates) {
    const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return { connectionString: candidate, pg };
    } catch (error) {
      failures.push(`${candidate}: ${error.message}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(`no PostgreSQL database answered (${failures.join('; ')}); set DATABASE_URL`);
}

/**
 * Runs `measure(backend, sizes)` on each of `settings.backends` in turn and gathers the suite's
 * result: a backend that fails is logged and reported as an error, and its checks fail.
 */
export async function runOnBackends({ name, settings, log, measure, checksFor, tableFor }) {
  const { backends, ...sizes } = settings;
  const measured = [];
  const errors = [];
  const checks = [];
  for (const backend of backends) {
    log(`${backend}: ${JSON.stringify(sizes)}`);
    let results = null;
    try {
      results = await measure(backend, sizes);
      measured.push(results);
    } catch (error) {
      log(`${backend} failed: ${error.stack ?? error}`);
      errors.push({ message: `${backend}: ${error.message}`, details: String(error.stack ?? error) });
    }
    checks.push(...checksFor(backend, results, backend === 'sqlite'));
  }
  return {
    name,
    results: { settings, backends: measured },
    checks,
    tables: measured.length > 0 ? tableFor(measured) : [],
    errors,
  };
}
