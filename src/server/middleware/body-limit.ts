import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Methods whose requests carry no body to limit. */
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request body over `maxSize` bytes. A body with a `Content-Length` (Node's parser
 * frames the body by it, so it cannot run longer) is judged by that header alone, before it is
 * read; a chunked one is counted while it streams, by hono's `bodyLimit`. That middleware reads
 * `request.body`, which makes `@hono/node-server` build a full web `Request` (an `AbortSignal`, a
 * web stream over the socket): about a sixth of the server's time for a small JSON request, so
 * it runs only where it has to.
 */
export function limitBody(maxSize: number, onError: (context: Context) => Response): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError });
  return async (context, next) => {
    if (BODYLESS.has(context.req.method)) return next();
    const length = context.req.header('content-length');
    if (length !== undefined && context.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxSize ? onError(context) : next();
    }
    return streaming(context, next);
  };
}
