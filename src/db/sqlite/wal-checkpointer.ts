import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The code of the checkpointer thread (CommonJS, run with `eval`, so the same text works from the
 * compiled package and from the TypeScript sources under test). It opens its own connection to
 * the file and runs `PRAGMA wal_checkpoint(PASSIVE)`: it copies committed pages from the WAL into
 * the database file without blocking readers or writers, and the next writer then restarts the
 * WAL from its beginning. It checks every `busyMs` while there is work, backing off to `idleMs`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
let delay = workerData.busyMs;
let lastLog = -1;
let timer;
function tick() {
  let busy = false;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    busy = result.log !== lastLog || result.checkpointed < result.log;
    lastLog = result.log;
  } catch {
    busy = true;
  }
  delay = busy ? workerData.busyMs : Math.min(workerData.idleMs, delay * 2);
  timer = setTimeout(tick, delay);
}
timer = setTimeout(tick, delay);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

/** How many of a connection's statements pass between two looks at the WAL's size. */
const CHECK_EVERY = 64;

/** One checkpointer thread per database file in this process, shared by its connections. */
const running = new Map<string, { worker: Worker; users: number; closed: Promise<void> }>();

export interface WalCheckpointerOptions {
  /** The database file (its WAL is `<file>-wal`). */
  file: string;
  /** WAL size in bytes from which the thread is started (SQLite's own default checkpoints at 4 MB). */
  startAtBytes?: number;
}

/**
 * Keeps a SQLite database's WAL short from a worker thread, so that no commit of the connection
 * that owns it pays for a checkpoint. With SQLite's automatic checkpoint, the commit that crosses
 * the threshold copies every page of the WAL into the database file and syncs it: tens of
 * milliseconds that land on one unlucky request (the p99 of an HTTP resolve) and, spread over the
 * commits, a good part of a pause/resume cycle. The thread starts only once the WAL reached
 * `startAtBytes` (a short-lived connection, a CLI command, never starts one), is shared by every
 * connection of this process to the same file, and does not keep the process alive.
 */
export class WalCheckpointer {
  readonly #file: string;
  readonly #wal: string;
  readonly #startAtBytes: number;
  #statements = 0;
  #attached = false;
  #closed = false;

  constructor(options: WalCheckpointerOptions) {
    this.#file = options.file;
    this.#wal = `${options.file}-wal`;
    this.#startAtBytes = options.startAtBytes ?? 4 * 1024 * 1024;
  }

  /** Called for every statement or transaction of the connection; cheap until the WAL has grown. */
  noteStatement(): void {
    if (this.#attached || this.#closed) return;
    this.#statements += 1;
    if (this.#statements % CHECK_EVERY !== 0) return;
    let size: number;
    try {
      size = statSync(this.#wal).size;
    } catch {
      return;
    }
    if (size >= this.#startAtBytes) this.#attach();
  }

  #attach(): void {
    this.#attached = true;
    const current = running.get(this.#file);
    if (current !== undefined) {
      current.users += 1;
      return;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: this.#file,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        busyMs: 10,
        idleMs: 1000,
      },
    });
    worker.unref();
    const closed = new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('error', () => resolve());
    });
    running.set(this.#file, { worker, users: 1, closed });
  }

  /** Leaves the thread; the last connection of the file to leave stops it after a final checkpoint. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#attached) return;
    const current = running.get(this.#file);
    if (current === undefined) return;
    current.users -= 1;
    if (current.users > 0) return;
    running.delete(this.#file);
    // Held while it finishes, so that awaiting close() keeps the process alive until the thread exits.
    current.worker.ref();
    current.worker.postMessage('close');
    await current.closed;
  }
}
