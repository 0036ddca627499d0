import * as z from 'zod';
import { cursorSchema, idSchema, jsonObjectSchema, limitSchema } from './common-schemas.js';
import { runSchema, waitingItemSchema } from './run-schemas.js';

const approvalStatus = z.enum(['pending', 'approved', 'rejected', 'expired', 'cancelled']);

/** Filters of `GET /approvals` and `GET /approvals/count`. */
export const approvalQuerySchema = z.strictObject({
  status: approvalStatus.optional(),
  type: z.enum(['required', 'audit']).optional(),
  requirementKind: z.enum(['confirmation', 'user_input', 'user_feedback', 'external_execution']).optional(),
  approverRole: z.string().optional(),
  agentId: z.string().optional(),
  teamId: z.string().optional(),
  runId: z.string().optional(),
  sessionId: z.string().optional(),
  requestedBy: z.string().optional(),
  limit: limitSchema(500),
  cursor: cursorSchema,
});

/** Path of one approval. */
export const approvalParamsSchema = z.object({ approvalId: idSchema });

/** `POST /approvals/{id}/resolve`. */
export const resolveBodySchema = z
  .strictObject({
    status: z.enum(['approved', 'rejected']),
    reason: z.string().max(10_000).optional().describe('Why; a rejection’s reason reaches the model.'),
    editedArgs: jsonObjectSchema.optional().describe('Arguments replacing the model’s.'),
    resolutionData: z
      .strictObject({
        reason: z.string().max(10_000).optional(),
        values: jsonObjectSchema.optional().describe('User-input values the approver supplies.'),
        result: z.unknown().optional().describe('An external execution result the approver supplies.'),
        isError: z.boolean().optional(),
        editedArgs: jsonObjectSchema.optional(),
      })
      .optional(),
    continue: z.boolean().default(true).describe('Resume the run once all its gates are decided.'),
  })
  .meta({ id: 'ResolveRequest' });

/** An approval record. */
export const approvalRecordSchema = z
  .looseObject({
    id: z.string(),
    runId: z.string(),
    sessionId: z.string(),
    agentId: z.string(),
    teamId: z.string().nullable(),
    sourceType: z.enum(['agent', 'team']),
    toolName: z.string(),
    toolArgs: jsonObjectSchema,
    toolCallId: z.string(),
    requirementKind: z.string(),
    type: z.enum(['required', 'audit']),
    status: approvalStatus,
    requestedBy: z.string().nullable(),
    approverRole: z.string().nullable(),
    quorum: z.number(),
    runStatus: z.string(),
    createdAt: z.number(),
    expiresAt: z.number().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.number().nullable(),
    resolutionData: jsonObjectSchema.nullable(),
    argsDigest: z.string(),
  })
  .meta({ id: 'ApprovalRecord' });

/** `GET /approvals`. */
export const approvalPageSchema = z.object({
  items: z.array(approvalRecordSchema),
  nextCursor: z.string().nullable(),
});

/** `GET /approvals/{id}/status`. */
export const approvalStatusSchema = z.object({
  id: z.string(),
  status: approvalStatus,
  runId: z.string(),
  runStatus: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
});

/** The response of a resolution. */
export const resolveOutcomeSchema = z
  .object({
    approval: approvalRecordSchema,
    run: runSchema.optional().describe('The run, when a resume was attempted.'),
    continued: z.boolean().optional(),
    waitingFor: z.array(waitingItemSchema).optional(),
    continueError: z.looseObject({ type: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'ResolveOutcome' });
