import type { Store } from '../db/store.js';
import type { AgentOSInterface } from './agent-os.js';
import type { AuthOptions } from './middleware/auth.js';
import type { RunTarget } from './run-target.js';

/** What `countersign.config.ts` describes: the agents and teams to serve, and how callers authenticate. */
export interface CountersignConfig {
  agents?: RunTarget[];
  teams?: RunTarget[];
  auth?: AuthOptions;
  /** Front ends mounted on the server, such as `new SlackInterface({ ... })` from `countersign/slack`. */
  interfaces?: AgentOSInterface[];
}

/** What a config function receives from `countersign serve`: the opened, migrated store and the model setting. */
export interface ConfigContext {
  /** The store from `--db` / `DATABASE_URL`; give it to every agent (`new Agent({ ..., db })`). */
  db: Store;
  /** `COUNTERSIGN_MODEL`, when set (e.g. `openai:gpt-4o-mini`). */
  model: string | undefined;
}

/** The default export of a config file: a config, or a function of the context returning one. */
export type CountersignConfigExport =
  | CountersignConfig
  | ((context: ConfigContext) => CountersignConfig | Promise<CountersignConfig>);

/**
 * Types a config file's default export; returns it unchanged.
 *
 * @example
 * // countersign.config.ts
 * import { Agent } from 'countersign';
 * import { defineConfig } from 'countersign/server';
 *
 * export default defineConfig(({ db, model }) => ({
 *   agents: [new Agent({ id: 'ops', model: model ?? 'openai:gpt-4o-mini', tools: [restartService], db })],
 *   auth: { jwt: { secret: process.env.JWT_SECRET }, apiKeys: [{ key: process.env.CHANGE_BOT_KEY, userId: 'change-bot', roles: ['executor'] }] },
 * }));
 */
export function defineConfig<T extends CountersignConfigExport>(config: T): T {
  return config;
}
