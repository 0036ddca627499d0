import * as z from 'zod';
import { cursorSchema, jsonObjectSchema, limitSchema } from './common-schemas.js';

/** `GET /audit` and `GET /audit/export`. */
export const auditQuerySchema = z.strictObject({
  limit: limitSchema(1000),
  cursor: cursorSchema,
  runId: z.string().optional(),
  approvalId: z.string().optional(),
});

/** One audit entry. */
export const auditEntrySchema = z
  .looseObject({
    seq: z.number(),
    id: z.string(),
    at: z.number(),
    action: z.string(),
    actor: z.string(),
    actorRoles: z.array(z.string()).optional(),
    runId: z.string().optional(),
    approvalId: z.string().optional(),
    toolName: z.string().optional(),
    argsDigest: z.string().optional(),
    data: jsonObjectSchema.optional(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

/** `GET /audit`. */
export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});

/** `GET /audit/verify`. */
export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  headHash: z.string(),
  firstInvalid: z.object({ seq: z.number(), reason: z.string() }).optional(),
});
