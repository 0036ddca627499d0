import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Store } from '../db/store.js';
import { mountUi } from '../ui/mount-ui.js';
import { EventBridge } from './event-bridge.js';
import type { EventBus } from './event-bus.js';
import { buildHonoApp } from './hono-app.js';
import { consoleLogger, type Logger } from './logger.js';
import { type AuthOptions, createAuthenticator } from './middleware/auth.js';
import type { Route } from './route.js';
import type { RunTarget } from './run-target.js';
import type { ApprovalService } from './services/approval-service.js';
import { createServices } from './services/create-services.js';
import type { RunService } from './services/run-service.js';
import { UnauthenticatedRefusals } from './services/unauthenticated-refusals.js';
import type { TargetRegistry } from './target-registry.js';

/** Options of {@link AgentOS}. */
export interface AgentOSOptions {
  /** The agents to serve; each must keep its runs in `db`. */
  agents?: readonly RunTarget[];
  /** The teams to serve (anything with id, name, run, continueRun and getRun). */
  teams?: readonly RunTarget[];
  /** The store of runs, approvals and the audit log (migrated). It stays yours: `close()` leaves it open. */
  db: Store;
  /** Bearer JWTs (shared secret or JWKS URL) and API keys. Required unless `dev`. */
  auth?: AuthOptions;
  /** Serve without tokens, taking the user from `X-User-Id` / `X-User-Roles`. Logged loudly. */
  dev?: boolean;
  /** Where log lines go (default: stderr). */
  logger?: Logger;
  /** How often `serve()` expires due approvals, in milliseconds (default 30,000; 0 turns the sweep off). */
  expirySweepMs?: number;
  /** Front ends mounted on the app at construction (`new SlackInterface({...})`), closed with it. */
  interfaces?: readonly AgentOSInterface[];
  /** Serve the web UI at `/` and `/ui/` (default `true`); `false` leaves only the REST API. */
  ui?: boolean;
  /**
   * Share live events with the other instances on the same store (default `true`; needs a store
   * with `notifications`, i.e. `PostgresDb`): what happens here reaches their `events` and
   * `GET /events`, and theirs reaches this one's (as `remote` events).
   */
  shareEvents?: boolean;
  /** This instance's id in shared events (default: a random UUID). */
  instanceId?: string;
}

/** A front end an AgentOS mounts (Slack): it adds its routes to `os.app` and subscribes to `os.events`. */
export interface AgentOSInterface {
  mount(os: AgentOS): void;
  /** Waits for the front end's background work and stops it; called by `AgentOS.close()`. */
  close?(): Promise<void>;
}

/** Where {@link AgentOS.serve} listens. */
export interface ServeOptions {
  /** Default 7777; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/**
 * The Countersign server: agents and teams behind an HTTP API (runs, continues, approvals, audit,
 * live events) and a web UI at `/`, with authenticated identities deciding every gate. `app` is the Hono app (mount it
 * anywhere, or call `app.request()` in tests); `serve()` listens on Node. `runs` and `approvals` are
 * the service layer the routes use, for other front ends (web UI, Slack) to reuse.
 *
 * @example
 * const db = new SqliteDb({ dbFile: 'countersign.db' });
 * await db.migrate();
 * const os = new AgentOS({ agents: [helpdesk], db, auth: { jwt: { secret: process.env.JWT_SECRET } } });
 * await os.serve({ port: 7777 });
 */
export class AgentOS {
  /** The Hono app serving the API. */
  readonly app: Hono;
  /** The route table `app` and `/openapi.json` are built from. */
  readonly routes: readonly Route[];
  readonly db: Store;
  /** Live events of runs and approvals (what `GET /events` streams). */
  readonly events: EventBus;
  readonly registry: TargetRegistry;
  readonly runs: RunService;
  readonly approvals: ApprovalService;
  readonly logger: Logger;
  readonly dev: boolean;
  /** Tags the events this instance shares with others on the same store. */
  readonly instanceId: string;
  readonly #expirySweepMs: number;
  readonly #bridge: EventBridge | undefined;
  readonly #bridgeStarted: Promise<void>;
  readonly #interfaces: readonly AgentOSInterface[];
  readonly #refusals: UnauthenticatedRefusals;
  #server: ReturnType<typeof serveNode> | undefined;
  #sweep: ReturnType<typeof setInterval> | undefined;

  constructor(options: AgentOSOptions) {
    this.db = options.db;
    this.dev = options.dev === true;
    this.logger = options.logger ?? consoleLogger;
    this.#expirySweepMs = options.expirySweepMs ?? 30_000;
    const authenticate = createAuthenticator({ auth: options.auth, dev: this.dev });
    const services = createServices({ ...options, logger: this.logger });
    this.events = services.bus;
    this.registry = services.registry;
    this.runs = services.runs;
    this.approvals = services.approvals;
    this.#refusals = new UnauthenticatedRefusals({ db: this.db, logger: this.logger });
    const built = buildHonoApp({ ...services, dev: this.dev, refusals: this.#refusals }, authenticate);
    this.app = built.app;
    this.routes = built.routes;
    if (options.ui !== false) {
      const tokenLogin = Boolean(
        options.auth?.jwt?.secret || options.auth?.jwt?.jwksUrl || (options.auth?.apiKeys?.length ?? 0) > 0,
      );
      mountUi(this.app, {
        services: { ...services, dev: this.dev },
        authenticate,
        dev: this.dev,
        tokenLogin,
      });
    }
    this.#interfaces = options.interfaces ?? [];
    for (const item of this.#interfaces) item.mount(this);
    this.instanceId = options.instanceId ?? randomUUID();
    const notifications = options.shareEvents === false ? undefined : this.db.notifications;
    this.#bridge =
      notifications === undefined
        ? undefined
        : new EventBridge({
            bus: this.events,
            db: this.db,
            notifications,
            instanceId: this.instanceId,
            logger: this.logger,
          });
    this.#bridgeStarted = this.#bridge?.start() ?? Promise.resolve();
    if (this.dev) {
      this.logger.warn(
        'DEV MODE: requests are NOT authenticated. The user is taken from the X-User-Id header ' +
          '(roles from X-User-Roles; the user "admin" holds every role). Never expose this server.',
      );
    }
  }

  /**
   * Resolves once events of other instances on the same store reach `events` (at once when the
   * store shares none; when the database cannot be reached, after a warning, while it keeps trying).
   */
  ready(): Promise<void> {
    return this.#bridgeStarted;
  }

  /** Listens on Node (default 127.0.0.1:7777) and starts the approval expiry sweep; resolves once listening. */
  async serve(options: ServeOptions = {}): Promise<{ url: string; host: string; port: number }> {
    if (this.#server) throw new Error('This AgentOS is already serving; call close() first.');
    await this.ready();
    const host = options.host ?? '127.0.0.1';
    const server = await new Promise<ReturnType<typeof serveNode>>((resolve, reject) => {
      const started = serveNode({ fetch: this.app.fetch, port: options.port ?? 7777, hostname: host }, () =>
        resolve(started),
      );
      started.once('error', reject);
    });
    this.#server = server;
    const port = (server.address() as AddressInfo).port;
    if (this.#expirySweepMs > 0) {
      this.#sweep = setInterval(() => {
        this.approvals.expireDue().catch((error: unknown) => {
          this.logger.warn(
            `approval expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      }, this.#expirySweepMs);
      this.#sweep.unref();
    }
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.logger.info(
      `AgentOS listening on ${url} (${this.registry.list('agent').length} agent(s), store: ${this.db.kind})`,
    );
    return { url, host, port };
  }

  /**
   * Stops listening, ends live event streams and the sweep, and writes the 401s counted but not
   * yet audited. The db stays open (it is the caller's).
   */
  async close(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const item of this.#interfaces) await item.close?.();
    // Spans and background hooks of finished runs are written after the reply: let them land.
    const targets = [...this.registry.list('agent'), ...this.registry.list('team')] as Array<{
      flushTraces?: () => Promise<void>;
      flushBackgroundHooks?: () => Promise<unknown>;
    }>;
    await Promise.allSettled([
      ...targets.flatMap((target) => [target.flushTraces?.(), target.flushBackgroundHooks?.()]),
      this.#refusals.flush(),
    ]);
    await this.#bridge?.close();
    this.events.close();
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  }
}
