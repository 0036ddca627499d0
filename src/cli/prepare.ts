import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Store } from '../db/store.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { resolveModel } from '../models/resolve-model.js';
import type { CountersignConfig } from '../server/config.js';
import { createDemoAgent, DEMO_AGENT_ID } from '../server/demo/demo-agent.js';
import type { Logger } from '../server/logger.js';
import { findConfig, loadConfig } from './load-config.js';
import { describeStore, openStore, storeSpec } from './open-store.js';

/** What the commands that run agents share: the opened store and the agents and teams to serve. */
export interface Prepared {
  db: Store;
  /** The agents, teams and auth of the config file, or the demo agent. */
  config: CountersignConfig;
  /** The config file used, or `undefined` for the demo. */
  configFile: string | undefined;
}

/** Options of {@link prepare}, from the command line and the environment. */
export interface PrepareOptions {
  db?: string | undefined;
  config?: string | undefined;
  /** Apply the migrations first (`serve` does). */
  migrate: boolean;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Opens the store (and migrates it when asked), then loads the config file (`--config`, or
 * `countersign.config.{ts,mts,js,mjs}` in the working directory), or, without one, builds the
 * demo helpdesk agent on `COUNTERSIGN_MODEL` or the offline demo model. The store is closed again
 * when anything fails.
 */
export async function prepare(options: PrepareOptions): Promise<Prepared> {
  const configFile = findConfig(options.config, options.cwd);
  const spec = storeSpec(options.db, options.env);
  const db = await openStore(spec);
  try {
    if (options.migrate) {
      await db.migrate();
      options.logger.info(`store ${describeStore(spec)} (${db.kind}) is migrated`);
    }
    const modelName = options.env.COUNTERSIGN_MODEL?.trim() || undefined;
    if (configFile !== undefined) {
      const config = await loadConfig(configFile, { db, model: modelName });
      if ((config.agents ?? []).length === 0 && (config.teams ?? []).length === 0) {
        throw new ConfigurationError(`The config file ${configFile} names no agents and no teams.`);
      }
      options.logger.info(
        `config ${configFile}: ${(config.agents ?? []).map((agent) => agent.id).join(', ')}`,
      );
      return { db, config, configFile };
    }
    let model: LanguageModelV3 | undefined;
    if (modelName !== undefined) {
      model = await resolveModel(modelName);
      options.logger.info(`no config file: the demo agent '${DEMO_AGENT_ID}' runs on the model ${modelName}`);
    } else {
      options.logger.warn(
        `no config file: the demo agent '${DEMO_AGENT_ID}' runs on the OFFLINE DEMO MODEL, which maps keywords ` +
          'to tool calls (no language model; its answers say "[offline demo model]"). Set COUNTERSIGN_MODEL=openai:gpt-4o-mini ' +
          '(with OPENAI_API_KEY) for a real model, or write a countersign.config.ts.',
      );
    }
    return { db, config: { agents: [createDemoAgent({ db, model })] }, configFile: undefined };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
