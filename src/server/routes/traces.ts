import * as z from 'zod';
import { NotFoundError } from '../../errors/not-found-error.js';
import { defineRoute, type Route } from '../route.js';
import { idSchema } from '../schemas/common-schemas.js';
import { traceDetailSchema, tracePageSchema, traceQuerySchema } from '../schemas/trace-schemas.js';
import type { ServerServices } from '../server-services.js';

const traceParamsSchema = z.object({ traceId: idSchema });

/**
 * The trace routes: trace summaries (newest first, by run, agent, team or session) and one trace
 * with its spans. Traces are what the agents store with `tracing: true` (the demo agent does).
 */
export function traceRoutes(services: ServerServices): Route[] {
  const { db } = services;
  return [
    defineRoute({
      method: 'get',
      path: '/traces',
      operationId: 'listTraces',
      summary: 'Trace summaries, newest first',
      tag: 'Traces',
      query: traceQuerySchema,
      responses: { 200: { description: 'One page of traces.', schema: tracePageSchema } },
      handle: async ({ context, query }) => context.json(await db.listTraces(query)),
    }),
    defineRoute({
      method: 'get',
      path: '/traces/{traceId}',
      operationId: 'getTrace',
      summary: 'One trace with its spans (model calls with tokens and latency, tool calls, decisions)',
      tag: 'Traces',
      params: traceParamsSchema,
      responses: { 200: { description: 'The trace and its spans.', schema: traceDetailSchema } },
      async handle({ context, params }) {
        const detail = await db.getTrace(params.traceId);
        if (detail === null) throw new NotFoundError('trace', params.traceId);
        return context.json(detail);
      },
    }),
  ];
}
