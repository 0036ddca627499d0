import { Hono } from 'hono';
import { ValidationError } from '../errors/validation-error.js';
import { ANONYMOUS } from './identity.js';
import type { Authenticator } from './middleware/auth.js';
import { limitBody } from './middleware/body-limit.js';
import { createErrorHandler, createNotFoundHandler } from './middleware/error-handler.js';
import { buildOpenApiDocument } from './openapi.js';
import { parseWith, queryOf, readBody } from './parse-request.js';
import type { Route } from './route.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { targetRoutes } from './routes/targets.js';
import { traceRoutes } from './routes/traces.js';
import type { ServerServices } from './server-services.js';

/** The largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** `/agents/{agentId}` -> `/agents/:agentId`. */
function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** The route table of an AgentOS, in matching order (static segments before parameters). */
export function buildRouteTable(
  services: ServerServices,
  openApiDocument: () => Record<string, unknown>,
): Route[] {
  return [
    ...healthRoutes(openApiDocument),
    ...targetRoutes('agent', services),
    ...targetRoutes('team', services),
    ...runRoutes(services),
    ...approvalRoutes(services),
    ...auditRoutes(services),
    ...traceRoutes(services),
    ...eventRoutes(services),
  ];
}

/**
 * Builds the Hono app of an AgentOS from its route table: each request is authenticated (except
 * on public routes), its path, query and body validated with the route's schemas, and handed to
 * the route; every error goes to the one error handler. `/openapi.json` is made from the same table.
 */
export function buildHonoApp(
  services: ServerServices,
  authenticate: Authenticator,
): { app: Hono; routes: Route[] } {
  const app = new Hono();
  app.use(
    limitBody(MAX_BODY_BYTES, () => {
      throw new ValidationError(`The request body is larger than ${MAX_BODY_BYTES / 1024} KiB; send less.`, [
        { path: '', message: 'is too large' },
      ]);
    }),
  );
  let document: Record<string, unknown> | undefined;
  const routes: Route[] = buildRouteTable(services, () => {
    document ??= buildOpenApiDocument(routes, { dev: services.dev });
    return document;
  });
  for (const route of routes) {
    app.on(route.method.toUpperCase(), honoPath(route.path), async (context) => {
      const identity = route.public ? ANONYMOUS : await authenticate(context.req.raw);
      const params = route.params ? parseWith(route.params, context.req.param(), 'params') : {};
      const query = route.query ? parseWith(route.query, queryOf(context), 'query') : {};
      const body = route.body
        ? parseWith(route.body, await readBody(context, route.acceptsForm === true), 'body')
        : undefined;
      return route.handle({ context, identity, params, query, body });
    });
  }
  app.onError(createErrorHandler(services.logger, services.refusals));
  app.notFound(createNotFoundHandler(services.logger));
  return { app, routes };
}
