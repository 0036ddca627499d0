import * as z from 'zod';
import { defineRoute, type Route } from '../route.js';
import type { RunTargetKind } from '../run-target.js';
import { idSchema } from '../schemas/common-schemas.js';
import {
  continueBodySchema,
  continueOutcomeSchema,
  createRunBodySchema,
  externalResultBodySchema,
  runSchema,
} from '../schemas/run-schemas.js';
import type { ServerServices } from '../server-services.js';
import { openLeg } from '../services/run-leg.js';
import { streamRunLeg } from '../sse.js';
import { outcomeView, runView, wantsStream } from './views.js';

/** A path schema with the target's id (`agentId` or `teamId`) and the given fields. */
function withTarget<TShape extends z.ZodRawShape>(idKey: string, shape: TShape) {
  return z.object({ [idKey]: idSchema, ...shape }) as unknown as z.ZodObject<TShape>;
}

/**
 * The run routes of agents or teams (`/agents/{agentId}/runs...`, `/teams/{teamId}/runs...`):
 * create (JSON or server-sent events), get, continue, cancel, and an external result.
 */
export function targetRunRoutes(kind: RunTargetKind, services: ServerServices): Route[] {
  const plural = `${kind}s`;
  const idKey = `${kind}Id`;
  const base = `/${plural}/{${idKey}}/runs`;
  const tag = kind === 'agent' ? 'Agents' : 'Teams';
  const Kind = kind === 'agent' ? 'Agent' : 'Team';
  const targetParams = withTarget(idKey, {});
  const runParams = withTarget(idKey, { runId: idSchema });
  const toolCallParams = withTarget(idKey, { runId: idSchema, toolCallId: idSchema });
  const { runs, logger } = services;
  const targetIdOf = (params: object) => (params as Record<string, string>)[idKey] as string;

  return [
    defineRoute({
      method: 'post',
      path: base,
      operationId: `create${Kind}Run`,
      summary: `Run the ${kind} on a message`,
      description:
        'Runs until the answer or the first pause (a paused run is a 200 too). With stream: true or ' +
        'Accept: text/event-stream the run is streamed as server-sent events.',
      tag,
      params: targetParams,
      body: createRunBodySchema,
      acceptsForm: true,
      responses: {
        200: {
          description: 'The run: completed, paused or failed; or its events.',
          schema: runSchema,
          streams: true,
        },
      },
      async handle({ context, identity, params, body }) {
        const targetId = targetIdOf(params);
        const sessionId = body.sessionId ?? body.session_id;
        const request = { message: body.message, ...(sessionId === undefined ? {} : { sessionId }) };
        if (wantsStream(context.req.header('accept'), body.stream)) {
          const leg = runs.startRun(identity, kind, targetId, request);
          return streamRunLeg(context, await openLeg(leg), logger);
        }
        return context.json(runView(await runs.createRun(identity, kind, targetId, request)));
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/{runId}`,
      operationId: `get${Kind}Run`,
      summary: 'One run',
      tag,
      params: runParams,
      responses: { 200: { description: 'The run.', schema: runSchema } },
      async handle({ context, params }) {
        return context.json(runView(await runs.getRun(kind, targetIdOf(params), params.runId)));
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/{runId}/continue`,
      operationId: `continue${Kind}Run`,
      errors: [403, 409],
      summary: 'Decide requirements and continue a paused run',
      description:
        'Only the run’s user (or an admin) may decide. 200 when the run resumed; 202 when the decisions ' +
        'were stored but the run still waits (waitingFor says for what).',
      tag,
      params: runParams,
      body: continueBodySchema,
      responses: {
        200: { description: 'The run resumed; or its events.', schema: continueOutcomeSchema, streams: true },
        202: { description: 'Decisions stored; the run still waits.', schema: continueOutcomeSchema },
      },
      async handle({ context, identity, params, body }) {
        const targetId = targetIdOf(params);
        if (wantsStream(context.req.header('accept'), body.stream)) {
          const streamed = await runs.continueRunStream(
            identity,
            kind,
            targetId,
            params.runId,
            body.decisions,
          );
          if (streamed.leg) return streamRunLeg(context, streamed.leg, logger);
          return context.json(outcomeView(streamed.outcome), 202);
        }
        const outcome = await runs.continueRun(identity, kind, targetId, params.runId, body.decisions);
        return context.json(outcomeView(outcome), outcome.continued ? 200 : 202);
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/{runId}/cancel`,
      operationId: `cancel${Kind}Run`,
      errors: [403, 409],
      summary: 'Cancel a paused run',
      description:
        'Its pending approval records become cancelled. Only the run’s user or an admin may cancel.',
      tag,
      params: runParams,
      responses: { 200: { description: 'The cancelled run.', schema: runSchema } },
      async handle({ context, identity, params }) {
        return context.json(runView(await runs.cancelRun(identity, kind, targetIdOf(params), params.runId)));
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/{runId}/tools/{toolCallId}/result`,
      operationId: `report${Kind}ToolResult`,
      errors: [403, 409],
      summary: 'Report the result of an externally executed call',
      description:
        'From the run’s user, an admin, or an identity with the executor role. 200/202 as for continue.',
      tag,
      params: toolCallParams,
      body: externalResultBodySchema,
      responses: {
        200: { description: 'The run resumed.', schema: continueOutcomeSchema },
        202: { description: 'Result stored; the run still waits.', schema: continueOutcomeSchema },
      },
      async handle({ context, identity, params, body }) {
        const outcome = await runs.reportExternalResult(
          identity,
          kind,
          targetIdOf(params),
          params.runId,
          params.toolCallId,
          { result: body.result, isError: body.isError },
        );
        return context.json(outcomeView(outcome), outcome.continued ? 200 : 202);
      },
    }),
  ];
}
