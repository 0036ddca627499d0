import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { CountersignError } from '../../errors/countersign-error.js';
import { httpStatusOf } from '../../errors/http-status.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import type { Logger } from '../logger.js';
import type { UnauthenticatedRefusals } from '../services/unauthenticated-refusals.js';

/** The JSON body of every error response: `{ error: { type, message, ...details } }`. */
export interface ErrorBody {
  error: { type: string; message: string; [detail: string]: unknown };
}

const HIDDEN_FIELDS = new Set(['name', 'message', 'stack', 'cause', 'fault']);

/**
 * The body for an error: its class name as `type`, its message, and the ids and details it carries
 * (`issues` of a `ValidationError`, `runId`, `approvalId`, `actualStatus`, ...). Errors that are not
 * Countersign's are reported without their message, which may hold internals; the log has them.
 */
export function errorBody(error: unknown): ErrorBody {
  if (!(error instanceof CountersignError)) {
    return {
      error: {
        type: 'InternalError',
        message: 'The server failed unexpectedly; its log has the details.',
      },
    };
  }
  const body: ErrorBody['error'] = { type: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (!HIDDEN_FIELDS.has(key) && value !== undefined) body[key] = value;
  }
  return { error: body };
}

/** The response for an error: the status from the one table, the body from {@link errorBody}. */
export function errorResponse(context: Context, error: unknown, logger: Logger): Response {
  const status = httpStatusOf(error);
  const where = `${context.req.method} ${new URL(context.req.url).pathname}`;
  if (status >= 500) {
    logger.error(
      `${where} failed with ${status}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } else if (status === 401) {
    logger.warn(`${where} refused with 401: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (status === 401) context.header('WWW-Authenticate', 'Bearer');
  return context.json(errorBody(error), status as ContentfulStatusCode);
}

/** The route a request matched, in the route table's form: `/approvals/{approvalId}/resolve`. */
function matchedRoute(context: Context): string {
  const path = routePath(context) || new URL(context.req.url).pathname;
  return `${context.req.method} ${path.replace(/:(\w+)/g, '{$1}')}`;
}

/**
 * The Hono error handler of an AgentOS: the only place where errors become responses. Routes
 * and services throw Countersign errors; this maps them through `httpStatusOf`. With `refusals`,
 * every 401 (API routes, and the Slack routes mounted on the same app) is also audited there.
 */
export function createErrorHandler(logger: Logger, refusals?: UnauthenticatedRefusals): ErrorHandler {
  return async (error, context) => {
    if (refusals !== undefined && error instanceof AuthenticationError) {
      await refusals.record({ attempted: matchedRoute(context), reason: error.reason });
    }
    return errorResponse(context, error, logger);
  };
}

/** The 404 of a path no route serves, in the same error shape. */
export function createNotFoundHandler(logger: Logger): NotFoundHandler {
  return (context) =>
    errorResponse(
      context,
      new NotFoundError(
        'route',
        `${context.req.method} ${new URL(context.req.url).pathname}`,
        `No route serves ${context.req.method} ${new URL(context.req.url).pathname}. GET /openapi.json lists the routes.`,
      ),
      logger,
    );
}
