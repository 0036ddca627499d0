/**
 * `countersign/server`: the AgentOS HTTP API (Hono on Node), its service layer for other front
 * ends, the route table and its OpenAPI document, and the demo helpdesk agent.
 */
export { AgentOS, type AgentOSOptions, type ServeOptions } from './agent-os.js';
export {
  type ConfigContext,
  type CountersignConfig,
  type CountersignConfigExport,
  defineConfig,
} from './config.js';
export { createApp } from './create-app.js';
export { createDemoAgent, createDemoModel, DEMO_AGENT_ID, DEMO_MODEL_LABEL } from './demo/index.js';
export { EventBridge, type EventBridgeOptions } from './event-bridge.js';
export {
  EventBus,
  type EventOrigin,
  type ServerEvent,
  type ServerEventListener,
} from './event-bus.js';
export { ADMIN_ROLE, ANONYMOUS, hasRole, type Identity } from './identity.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export {
  type ApiKeyOptions,
  type Authenticator,
  type AuthOptions,
  createAuthenticator,
  DEV_DEFAULT_USER,
  type JwtOptions,
} from './middleware/auth.js';
export { type ErrorBody, errorBody } from './middleware/error-handler.js';
export { buildOpenApiDocument, type OpenApiOptions } from './openapi.js';
export type { ResponseSpec, Route, RouteInput } from './route.js';
export { AUDITOR_ROLE } from './routes/audit.js';
export type { RunTarget, RunTargetKind } from './run-target.js';
export type { Decision } from './services/apply-decisions.js';
export {
  ApprovalService,
  type ApprovalStatusView,
  type ResolveOutcome,
  type ResolveRequest,
} from './services/approval-service.js';
export {
  describeTarget,
  type TargetDescription,
  type ToolDescription,
  type ToolTier,
} from './services/describe-target.js';
export { assertMayDecide, EXECUTOR_ROLE } from './services/run-authority.js';
export {
  type ContinueOutcome,
  type CreateRunRequest,
  RunService,
  type StreamedContinue,
} from './services/run-service.js';
export type { WaitingItem } from './services/waiting-for.js';
export { TargetRegistry } from './target-registry.js';
