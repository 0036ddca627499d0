import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The built CLI entry (build first with `ensureBuilt()`). */
export const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

/** What a finished CLI process left. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An environment without the variables that would point the CLI at another store or model. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, PORT: _port, COUNTERSIGN_MODEL: _model, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** Runs `node dist/cli/main.js ...args` to completion. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `countersign serve` process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to stderr so far (its log). */
  log(): string;
  /** Sends a signal (default SIGTERM) to this process, by its pid, and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `countersign serve ...args` and resolves once it printed the URL it listens on. */
export function startServer(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((settle) => child.on('exit', (code) => settle(code)));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        resolve({
          url: match[1] as string,
          child,
          log: () => stderr,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null)
              process.kill(child.pid as number, signal);
            return exited;
          },
        });
      }
    });
    child.on('error', reject);
    exited.then((code) =>
      reject(new Error(`countersign serve exited with ${code} before listening:\n${stdout}\n${stderr}`)),
    );
  });
}

/**
 * A request to a spawned dev-mode server as `user` (with `roles`, comma-separated), the JSON body
 * parsed.
 */
export async function send(url: string, method: string, user: string, body?: unknown, roles?: string) {
  const response = await fetch(url, {
    method,
    headers: {
      'x-user-id': user,
      ...(roles === undefined ? {} : { 'x-user-roles': roles }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary fields.
  return { status: response.status, body: (await response.json()) as any };
}
