import * as z from 'zod';
import { cursorSchema, limitSchema } from './common-schemas.js';

/** `GET /traces`. */
export const traceQuerySchema = z.strictObject({
  runId: z.string().optional(),
  agentId: z.string().optional(),
  teamId: z.string().optional(),
  sessionId: z.string().optional(),
  limit: limitSchema(500),
  cursor: cursorSchema,
});

/** One trace's summary. */
export const traceSummarySchema = z
  .looseObject({
    traceId: z.string(),
    runId: z.string(),
    agentId: z.string().optional(),
    teamId: z.string().optional(),
    sessionId: z.string().optional(),
    name: z.string(),
    startTime: z.number(),
    endTime: z.number(),
    durationMs: z.number(),
    spanCount: z.number(),
    status: z.enum(['ok', 'error']),
    totalTokens: z.number(),
  })
  .meta({ id: 'TraceSummary' });

/** One span, with its GenAI (`gen_ai.*`) and `countersign.*` attributes. */
export const spanSchema = z
  .looseObject({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string().nullable(),
    name: z.string(),
    kind: z.string(),
    startTime: z.number(),
    endTime: z.number(),
    durationMs: z.number(),
    status: z.string(),
    statusMessage: z.string().optional(),
    attributes: z.record(z.string(), z.unknown()),
    runId: z.string(),
  })
  .meta({ id: 'Span' });

/** `GET /traces`. */
export const tracePageSchema = z.object({
  items: z.array(traceSummarySchema),
  nextCursor: z.string().nullable(),
});

/** `GET /traces/{traceId}`. */
export const traceDetailSchema = z.object({ trace: traceSummarySchema, spans: z.array(spanSchema) });
