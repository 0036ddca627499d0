import * as z from 'zod';
import { defineRoute, type Route } from '../route.js';
import type { RunTargetKind } from '../run-target.js';
import { idSchema } from '../schemas/common-schemas.js';
import { targetSchema } from '../schemas/run-schemas.js';
import type { ServerServices } from '../server-services.js';
import { describeTarget } from '../services/describe-target.js';
import { targetRunRoutes } from './target-runs.js';

/** `GET /agents`, `GET /agents/{agentId}` (or the same for teams) and the target's run routes. */
export function targetRoutes(kind: RunTargetKind, services: ServerServices): Route[] {
  const plural = `${kind}s`;
  const idKey = `${kind}Id`;
  const Kind = kind === 'agent' ? 'Agent' : 'Team';
  const tag = kind === 'agent' ? 'Agents' : 'Teams';
  const params = z.object({ [idKey]: idSchema }) as z.ZodObject<{ [key: string]: typeof idSchema }>;
  const { registry } = services;
  return [
    defineRoute({
      method: 'get',
      path: `/${plural}`,
      operationId: `list${Kind}s`,
      summary: `The configured ${plural}`,
      tag,
      responses: {
        200: { description: `Every ${kind}, with its tools and their tiers.`, schema: z.array(targetSchema) },
      },
      handle: ({ context }) => context.json(registry.list(kind).map(describeTarget)),
    }),
    defineRoute({
      method: 'get',
      path: `/${plural}/{${idKey}}`,
      operationId: `get${Kind}`,
      summary: `One ${kind}`,
      tag,
      params,
      responses: { 200: { description: `The ${kind}.`, schema: targetSchema } },
      handle: ({ context, params: values }) =>
        context.json(describeTarget(registry.get(kind, values[idKey] as string))),
    }),
    ...targetRunRoutes(kind, services),
  ];
}
