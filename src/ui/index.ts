/**
 * The web UI of the AgentOS: server-rendered pages (approval inbox, approval, runs, run, audit,
 * start a run) on the same services as the REST API, with live updates over server-sent events.
 * `AgentOS` mounts it at `/` unless `ui: false`.
 */
export { mountUi } from './mount-ui.js';
export type { DevUser, UiOptions } from './ui-options.js';
