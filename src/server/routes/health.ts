import * as z from 'zod';
import { defineRoute, type Route } from '../route.js';

/** `GET /health` and `GET /openapi.json`, both public. */
export function healthRoutes(openApiDocument: () => Record<string, unknown>): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness',
      tag: 'Server',
      public: true,
      responses: { 200: { description: 'The server is up.', schema: z.object({ status: z.literal('ok') }) } },
      handle: ({ context }) => context.json({ status: 'ok' }),
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApi',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'Server',
      public: true,
      responses: { 200: { description: 'The OpenAPI document.' } },
      handle: ({ context }) => context.json(openApiDocument()),
    }),
  ];
}
