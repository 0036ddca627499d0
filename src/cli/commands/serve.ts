import { AgentOS } from '../../server/agent-os.js';
import type { AuthOptions } from '../../server/middleware/auth.js';
import { type CliContext, type Command, integerOption, parseCommandArgs } from '../command.js';
import { prepare } from '../prepare.js';

const USAGE = `Usage: countersign serve [--port 7777] [--host 127.0.0.1] [--db FILE|postgres://...] [--config FILE] [--dev]

Serves the AgentOS HTTP API (GET /openapi.json lists the routes). Applies the migrations first.
Without a config file it serves the demo helpdesk agent.

Options:
  --port N        port to listen on; default $PORT or 7777 (0 picks a free port)
  --host HOST     interface to listen on; default 127.0.0.1
  --db FILE|URL   SQLite file, or postgres://user@host/db (?schema=name); default $DATABASE_URL or countersign.db
  --config FILE   agents, teams and auth; default countersign.config.{ts,mts,js,mjs} in this directory
  --dev           no authentication: the user comes from X-User-Id / X-User-Roles. Never expose it.
  -h, --help      show this help

Environment:
  PORT, DATABASE_URL          as --port and --db
  COUNTERSIGN_MODEL           the demo agent's model, e.g. openai:gpt-4o-mini (with OPENAI_API_KEY, OPENAI_BASE_URL)
  COUNTERSIGN_JWT_SECRET      verify bearer JWTs with this HS256 secret (when the config sets no auth.jwt)
  COUNTERSIGN_JWKS_URL        or against this JSON Web Key Set`;

function authFrom(configured: AuthOptions | undefined, env: NodeJS.ProcessEnv): AuthOptions | undefined {
  if (configured?.jwt !== undefined) return configured;
  const secret = env.COUNTERSIGN_JWT_SECRET || undefined;
  const jwksUrl = env.COUNTERSIGN_JWKS_URL || undefined;
  if (secret === undefined && jwksUrl === undefined) return configured;
  return {
    ...configured,
    jwt: { ...(secret === undefined ? {} : { secret }), ...(jwksUrl === undefined ? {} : { jwksUrl }) },
  };
}

/** `countersign serve`: the AgentOS on Node until SIGINT or SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the AgentOS HTTP API',
  usage: USAGE,
  async run(args: string[], context: CliContext): Promise<number> {
    const { values } = parseCommandArgs('serve', args, {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
      dev: { type: 'boolean' },
    });
    if (values.help) {
      context.print(USAGE);
      return 0;
    }
    const port = integerOption('port', values.port ?? context.env.PORT, 0, 65_535) ?? 7777;
    const { db, config } = await prepare({
      ...values,
      migrate: true,
      logger: context.logger,
      env: context.env,
      cwd: context.cwd,
    });
    let os: AgentOS;
    try {
      os = new AgentOS({
        agents: config.agents ?? [],
        teams: config.teams ?? [],
        db,
        auth: authFrom(config.auth, context.env),
        ...(config.interfaces === undefined ? {} : { interfaces: config.interfaces }),
        dev: values.dev === true,
        logger: context.logger,
      });
    } catch (error) {
      await db.close();
      throw error;
    }
    const { url } = await os.serve({ port, host: values.host ?? '127.0.0.1' });
    context.print(`Countersign AgentOS listening on ${url}`);
    context.print(`Web UI: open ${url}/ in a browser`);
    if (values.dev) context.print(`Dev mode: try  curl -H 'X-User-Id: alice' ${url}/agents`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    context.logger.info('shutting down');
    await os.close();
    await db.close();
    return 0;
  },
};
