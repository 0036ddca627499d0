import * as z from 'zod';
import type { ServerEvent } from '../event-bus.js';
import { defineRoute, type Route } from '../route.js';
import type { ServerServices } from '../server-services.js';
import { streamBus } from '../sse.js';

const eventsQuerySchema = z.strictObject({
  runId: z.string().optional().describe('Only the events of this run.'),
  types: z
    .string()
    .optional()
    .describe('Comma-separated event types to keep, e.g. run-paused,approval-resolved.'),
});

/** `GET /events`: the live server-sent events of runs and approvals. */
export function eventRoutes(services: ServerServices): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/events',
      operationId: 'streamEvents',
      summary: 'Live events of runs and approvals (server-sent events)',
      description:
        'Every run event except text-delta (run-started, tool-call-*, run-paused, run-completed, run-error, ' +
        'run-cancelled, ...) and approval-requested, approval-resolved, approval-expired, as they happen in ' +
        'this server and, on PostgreSQL, in the other servers on the same database and schema. The SSE ' +
        'event name is the type, the id a sequence number.',
      tag: 'Events',
      query: eventsQuerySchema,
      responses: { 200: { description: 'An endless event stream.', contentType: 'text/event-stream' } },
      handle({ context, query }) {
        const types =
          query.types === undefined ? undefined : new Set(query.types.split(',').map((type) => type.trim()));
        const accept = (event: ServerEvent) =>
          (query.runId === undefined || event.runId === query.runId) &&
          (types === undefined || types.has(event.type));
        return streamBus(context, services.bus, accept);
      },
    }),
  ];
}
