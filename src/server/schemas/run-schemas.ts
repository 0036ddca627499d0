import * as z from 'zod';
import { cursorSchema, idSchema, jsonObjectSchema, limitSchema } from './common-schemas.js';

const runStatus = z.enum(['running', 'paused', 'completed', 'error', 'cancelled']);

/** `POST /agents/{agentId}/runs`: the message; the user comes from the credentials. */
export const createRunBodySchema = z
  .strictObject({
    message: z.string().min(1).max(100_000).describe("The user's message."),
    sessionId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Continue a conversation; a new id when absent.'),
    stream: z
      .boolean()
      .optional()
      .describe('Answer with server-sent events (also: Accept: text/event-stream).'),
    session_id: z.string().min(1).max(200).optional().describe("Agno's name for sessionId."),
    user_id: z.string().optional().describe("Agno's field; ignored: the user is the authenticated identity."),
  })
  .meta({ id: 'CreateRunRequest' });

/** One decision of a continue. */
export const decisionSchema = z
  .strictObject({
    requirementId: z.string().min(1).describe('The id of one of the run’s requirements.'),
    confirm: z.boolean().optional().describe('true confirms a confirmation; false rejects any requirement.'),
    reason: z.string().max(10_000).optional().describe('Why it was rejected; the model receives it.'),
    userInput: jsonObjectSchema.optional().describe('Values of user-input fields (partial input allowed).'),
    result: z.unknown().optional().describe('An external execution’s result.'),
    isError: z.boolean().optional().describe('The external execution failed.'),
    editedArgs: jsonObjectSchema.optional().describe('Arguments replacing the model’s, when confirming.'),
  })
  .meta({ id: 'Decision' });

/** `POST .../continue`. */
export const continueBodySchema = z
  .strictObject({
    decisions: z.array(decisionSchema).max(100).default([]),
    stream: z.boolean().optional(),
  })
  .meta({ id: 'ContinueRequest' });

/** `POST .../tools/{toolCallId}/result`. */
export const externalResultBodySchema = z
  .strictObject({
    result: z.unknown().describe('What the outside system returned (null for nothing).'),
    isError: z.boolean().optional(),
  })
  .refine((value) => value.result !== undefined, {
    path: ['result'],
    message: 'is required (use null for none)',
  })
  .meta({ id: 'ExternalResultRequest' });

/** Path of an agent's or team's run routes. */
export const targetParamsSchema = z.object({ targetId: idSchema });
/** Path of one run. */
export const runParamsSchema = z.object({ targetId: idSchema, runId: idSchema });
/** Path of one external tool call. */
export const toolCallParamsSchema = z.object({ targetId: idSchema, runId: idSchema, toolCallId: idSchema });

/** `GET /runs` filters. */
export const runListQuerySchema = z.strictObject({
  status: runStatus.optional(),
  agentId: z.string().optional(),
  teamId: z.string().optional(),
  sessionId: z.string().optional(),
  userId: z.string().optional(),
  limit: limitSchema(500),
  cursor: cursorSchema,
});

const requirementSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['confirmation', 'user_input', 'user_feedback', 'external_execution']),
  toolName: z.string(),
  toolArgs: jsonObjectSchema,
  toolCallId: z.string(),
  approvalId: z.string().optional(),
  approvalType: z.enum(['required', 'audit']).optional(),
  userInputSchema: z.array(z.looseObject({ name: z.string(), type: z.string() })).optional(),
  decision: jsonObjectSchema.optional(),
});

/** A run as the API returns it. */
export const runSchema = z
  .looseObject({
    runId: z.string(),
    agentId: z.string(),
    teamId: z.string().optional(),
    sessionId: z.string(),
    userId: z.string().optional(),
    status: runStatus,
    isPaused: z.boolean(),
    input: z.string(),
    content: z.string().optional(),
    toolCalls: z.array(jsonObjectSchema),
    requirements: z.array(requirementSchema),
    steps: z.number(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .meta({ id: 'Run' });

/** What a paused run still waits for. */
export const waitingItemSchema = z
  .object({
    requirementId: z.string(),
    toolName: z.string(),
    kind: z.string(),
    waitingFor: z.enum(['user', 'approval']),
    approvalId: z.string().optional(),
  })
  .meta({ id: 'WaitingItem' });

/** The response of a continue or an external result. */
export const continueOutcomeSchema = z
  .object({
    run: runSchema,
    continued: z.boolean().describe('false: the decisions were stored and the run still waits.'),
    waitingFor: z.array(waitingItemSchema),
  })
  .meta({ id: 'ContinueOutcome' });

/** `GET /runs`. */
export const runPageSchema = z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() });

/** An agent or team in the listing. */
export const targetSchema = z
  .looseObject({
    id: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    tools: z
      .array(
        z.looseObject({
          name: z.string(),
          description: z.string().optional(),
          tier: z.enum(['none', 'user', 'admin']),
          pauseLane: z.string().nullable(),
        }),
      )
      .optional(),
    members: z.array(z.looseObject({ id: z.string() })).optional(),
  })
  .meta({ id: 'Target' });
