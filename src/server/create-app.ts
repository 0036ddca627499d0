import type { Hono } from 'hono';
import { AgentOS, type AgentOSOptions } from './agent-os.js';

/**
 * The Hono app of an AgentOS, to mount in your own server or call in tests
 * (`app.request('/health')`). Same options as `new AgentOS(...)`; use the class when you need
 * `serve()`, `close()` or the service layer.
 *
 * @example
 * const app = createApp({ agents: [helpdesk], db, dev: true });
 * const response = await app.request('/agents');
 */
export function createApp(options: AgentOSOptions): Hono {
  return new AgentOS(options).app;
}
