import * as z from 'zod';
import { defineRoute, type Route } from '../route.js';
import {
  approvalPageSchema,
  approvalParamsSchema,
  approvalQuerySchema,
  approvalRecordSchema,
  approvalStatusSchema,
  resolveBodySchema,
  resolveOutcomeSchema,
} from '../schemas/approval-schemas.js';
import type { ServerServices } from '../server-services.js';
import { outcomeView } from './views.js';

/** The approval routes: list, count, one record, its status, and the resolution. */
export function approvalRoutes(services: ServerServices): Route[] {
  const { approvals } = services;
  return [
    defineRoute({
      method: 'get',
      path: '/approvals',
      operationId: 'listApprovals',
      summary: 'Approval records, newest first',
      tag: 'Approvals',
      query: approvalQuerySchema,
      responses: { 200: { description: 'One page of records.', schema: approvalPageSchema } },
      handle: async ({ context, query }) => context.json(await approvals.list(query)),
    }),
    defineRoute({
      method: 'get',
      path: '/approvals/count',
      operationId: 'countApprovals',
      summary: 'How many records match (pending by default)',
      tag: 'Approvals',
      query: approvalQuerySchema.omit({ limit: true, cursor: true }),
      responses: { 200: { description: 'The count.', schema: z.object({ count: z.number() }) } },
      handle: async ({ context, query }) =>
        context.json({ count: await approvals.count({ ...query, status: query.status ?? 'pending' }) }),
    }),
    defineRoute({
      method: 'get',
      path: '/approvals/{approvalId}',
      operationId: 'getApproval',
      summary: 'One approval record',
      tag: 'Approvals',
      params: approvalParamsSchema,
      responses: { 200: { description: 'The record.', schema: approvalRecordSchema } },
      handle: async ({ context, params }) => context.json(await approvals.get(params.approvalId)),
    }),
    defineRoute({
      method: 'get',
      path: '/approvals/{approvalId}/status',
      operationId: 'getApprovalStatus',
      summary: 'The status of one record',
      tag: 'Approvals',
      params: approvalParamsSchema,
      responses: { 200: { description: 'Its status and its run’s.', schema: approvalStatusSchema } },
      handle: async ({ context, params }) => context.json(await approvals.status(params.approvalId)),
    }),
    defineRoute({
      method: 'post',
      path: '/approvals/{approvalId}/resolve',
      operationId: 'resolveApproval',
      errors: [403, 409],
      summary: 'Approve or reject a pending record',
      description:
        'A compare-and-set: of concurrent resolutions one wins, the others get 409. The resolver is the ' +
        'authenticated identity; the requester cannot approve their own call, and approverRole is enforced ' +
        '(403, audited). With continue (default true) the run resumes once all its gates are decided.',
      tag: 'Approvals',
      params: approvalParamsSchema,
      body: resolveBodySchema,
      responses: {
        200: { description: 'The resolved record, and the run if it resumed.', schema: resolveOutcomeSchema },
      },
      async handle({ context, identity, params, body }) {
        return context.json(outcomeView(await approvals.resolve(identity, params.approvalId, body)));
      },
    }),
  ];
}
