import { defineRoute, type Route } from '../route.js';
import { runListQuerySchema, runPageSchema } from '../schemas/run-schemas.js';
import type { ServerServices } from '../server-services.js';

/** `GET /runs`: runs of every agent and team, newest first. */
export function runRoutes(services: ServerServices): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/runs',
      operationId: 'listRuns',
      summary: 'Runs, newest first',
      description: 'Filter by status (e.g. paused), agentId, teamId, sessionId, userId; page with cursor.',
      tag: 'Runs',
      query: runListQuerySchema,
      responses: { 200: { description: 'One page of runs.', schema: runPageSchema } },
      async handle({ context, query }) {
        const page = await services.runs.listRuns(query);
        return context.json({ items: page.items.map((run) => run.toJSON()), nextCursor: page.nextCursor });
      },
    }),
  ];
}
