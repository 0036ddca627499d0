import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ValidationError } from '../errors/validation-error.js';
import type { ReplayGuard } from './signature.js';
import { verifySlackSignature } from './signature.js';

/** Slack's payloads are a few kilobytes; anything far larger is refused before it is read. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What the Slack routes hand verified requests to. */
export interface SlackRouteHandlers {
  signingSecret: string;
  replays: ReplayGuard;
  /** A verified Events API envelope; returns the JSON to answer with. */
  onEvent(envelope: unknown): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** A verified interaction payload; returns the JSON to answer with, or `null` for an empty 200. */
  onInteraction(payload: unknown): Promise<Record<string, unknown> | null>;
}

/**
 * Verifies a Slack request on its raw bytes (signature, age, replay) before anything parses it,
 * and returns the body as text.
 *
 * @throws AuthenticationError (HTTP 401) for a missing, forged, stale or replayed request.
 */
async function verifiedBody(request: Request, handlers: SlackRouteHandlers): Promise<string> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const timestamp = request.headers.get('x-slack-request-timestamp');
  const signature = request.headers.get('x-slack-signature');
  verifySlackSignature({ signingSecret: handlers.signingSecret, timestamp, signature, body: bytes });
  handlers.replays.check(timestamp as string, signature as string);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('The Slack request body is not UTF-8 text.', [
      { path: 'body', message: 'is not UTF-8' },
    ]);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(`The ${what} is not valid JSON.`, [{ path: 'body', message: 'is not JSON' }]);
  }
}

/**
 * Adds `POST <basePath>/events` (the Events API) and `POST <basePath>/interactions` (buttons and
 * modals) to a Hono app. Both answer 401 to anything Slack did not sign, and hand the parsed
 * payload to the handlers; errors go to the app's error handler like any other route's.
 */
export function mountSlackRoutes(app: Hono, basePath: string, handlers: SlackRouteHandlers): void {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ValidationError(
        `The request body is over ${MAX_BODY_BYTES} bytes: too large to be a Slack request.`,
        [{ path: 'body', message: 'is too large' }],
      );
    },
  });
  app.post(`${basePath}/events`, limit, async (context) => {
    const body = await verifiedBody(context.req.raw, handlers);
    return context.json(await handlers.onEvent(parseJson(body, 'Events API body')));
  });
  app.post(`${basePath}/interactions`, limit, async (context) => {
    const body = await verifiedBody(context.req.raw, handlers);
    const payload = new URLSearchParams(body).get('payload');
    if (payload === null) {
      throw new ValidationError('The interaction carries no payload field.', [
        { path: 'payload', message: 'is missing' },
      ]);
    }
    const reply = await handlers.onInteraction(parseJson(payload, 'interaction payload'));
    return reply === null ? context.body(null, 200) : context.json(reply);
  });
}
