import * as z from 'zod';

/** `{ error: { type, message, ... } }`, the body of every error response. */
export const errorBodySchema = z
  .object({
    error: z.looseObject({
      type: z.string().describe('The error class, e.g. ValidationError, ApprovalConflictError.'),
      message: z.string().describe('What was wrong and what to do.'),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('For a 400: each field that was wrong.'),
    }),
  })
  .meta({ id: 'Error' });

/** A page size between 1 and `max`. */
export function limitSchema(max: number) {
  return z.coerce.number().int().min(1).max(max).optional().describe(`Page size, 1..${max}.`);
}

/** The opaque cursor of the previous page's `nextCursor`. */
export const cursorSchema = z.string().max(500).optional().describe('The nextCursor of the previous page.');

/** A path id: non-empty, bounded. */
export const idSchema = z.string().min(1).max(200);

/** A JSON object of arbitrary fields. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
