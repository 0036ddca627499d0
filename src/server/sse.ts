import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventBus, ServerEvent } from './event-bus.js';
import type { Logger } from './logger.js';
import { errorBody } from './middleware/error-handler.js';
import type { OpenedLeg } from './services/run-leg.js';

/** How often an idle `/events` stream sends a comment line, so proxies keep it open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Streams one run leg as server-sent events: each event's `type` is the SSE event name and its JSON
 * the data. If the leg fails without a `run-error` event, a final `error` event carries the error
 * body (`{ error: { type, message } }`).
 */
export function streamRunLeg(context: Context, leg: OpenedLeg, logger: Logger): Response {
  return streamSSE(context, async (stream) => {
    let failed = false;
    for await (const event of leg.events) {
      if (event.type === 'run-error') failed = true;
      await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
    }
    try {
      await leg.output;
    } catch (error) {
      if (!failed) {
        logger.warn(`a streamed run failed: ${error instanceof Error ? error.message : String(error)}`);
        await stream.writeSSE({ event: 'error', data: JSON.stringify(errorBody(error)) });
      }
    }
  });
}

/**
 * Streams the bus as server-sent events until the client leaves or the AgentOS closes: each event
 * with its sequence number as the SSE `id`, filtered by `accept`.
 */
export function streamBus(
  context: Context,
  bus: EventBus,
  accept: (event: ServerEvent) => boolean,
): Response {
  return streamSSE(context, async (stream) => {
    const queue: { event: ServerEvent; id: number }[] = [];
    let wake: (() => void) | undefined;
    let open = true;
    const notify = () => {
      const waiting = wake;
      wake = undefined;
      waiting?.();
    };
    const stop = () => {
      open = false;
      notify();
    };
    const unsubscribe = bus.subscribe((event, id) => {
      if (!accept(event)) return;
      queue.push({ event, id });
      notify();
    }, stop);
    stream.onAbort(stop);
    const keepAlive = setInterval(() => {
      stream.write(': keep-alive\n\n').catch(stop);
    }, KEEP_ALIVE_MS);
    try {
      await stream.write(': connected\n\n');
      while (open) {
        const next = queue.shift();
        if (next) {
          await stream.writeSSE({
            event: next.event.type,
            id: String(next.id),
            data: JSON.stringify(next.event),
          });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      clearInterval(keepAlive);
      unsubscribe();
    }
  });
}
