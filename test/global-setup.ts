import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Socket } from 'node:net';

const HOST = '127.0.0.1';
const PORT = 5432;
const START_TIMEOUT_MS = 30_000;

/**
 * Vitest global setup: the PostgreSQL conformance and cross-process tests need a local server.
 * When none answers on 127.0.0.1:5432 this starts the machine's cluster (and says so); when that
 * fails too, the run stops with instructions instead of silently skipping the PostgreSQL tests.
 * With `DATABASE_URL` set, the tests use that database and nothing is started here.
 */
export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  if (await acceptsConnections()) return;

  const versions = listClusterVersions();
  const version = versions.at(-1);
  const command = `pg_ctlcluster --skip-systemctl-redirect ${version ?? '<version>'} main start`;
  console.warn(`PostgreSQL was not running; starting it with ${command} ...`);
  if (version !== undefined) {
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'inherit',
      });
    } catch (error) {
      console.warn(`pg_ctlcluster failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await acceptsConnections()) {
      console.warn(`PostgreSQL ${version} is up on ${HOST}:${PORT}.`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `PostgreSQL is not reachable on ${HOST}:${PORT}, and starting it did not help ` +
      `(${version === undefined ? 'no cluster under /etc/postgresql' : `tried: ${command}`}). ` +
      'The PostgreSQL tests are not skipped: start a server with trust auth for the local user and ' +
      'a database named `test` (on Debian: apt-get install postgresql, then the command above), or ' +
      'set DATABASE_URL to a reachable database.',
  );
}

function listClusterVersions(): string[] {
  try {
    return readdirSync('/etc/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((left, right) => Number(left) - Number(right));
  } catch {
    return [];
  }
}

/** Whether the server completes a TCP connect and answers a startup probe with a byte. */
function acceptsConnections(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(PORT, HOST, () => {
      // An SSLRequest packet: a running server answers 'S' or 'N' at once; one still starting up
      // closes the connection or stays silent.
      socket.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]));
    });
    socket.once('data', () => finish(true));
  });
}
