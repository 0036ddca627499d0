import type { Context } from 'hono';
import type * as z from 'zod';
import type { Identity } from './identity.js';

/** One documented response of a route. */
export interface ResponseSpec {
  description: string;
  /** The JSON body's schema (documentation; responses are built by the handlers). */
  schema?: z.ZodType;
  /** Default `application/json`. */
  contentType?: string;
  /** The route may answer with server-sent events (`text/event-stream`) instead. */
  streams?: boolean;
}

/** What a route handler receives: the parsed and validated request, and the verified identity. */
export interface RouteInput<TParams, TQuery, TBody> {
  context: Context;
  /** The verified identity (`ANONYMOUS` on public routes). */
  identity: Identity;
  params: TParams;
  query: TQuery;
  body: TBody;
}

/**
 * One entry of the route table. The Hono app and the OpenAPI document are both built from the
 * table, so a route cannot exist undocumented and its documented schemas are the ones that
 * validate its requests.
 */
export interface Route {
  method: 'get' | 'post';
  /** OpenAPI form: `/agents/{agentId}/runs`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** No credentials needed (health, the OpenAPI document). */
  public?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may also come as form fields (Agno's run creation). */
  acceptsForm?: boolean;
  responses: Record<number, ResponseSpec>;
  /** Error statuses beyond the ones every route of its kind documents (400, 401, 404, 503), e.g. 403, 409. */
  errors?: number[];
  // biome-ignore lint/suspicious/noExplicitAny: the table holds routes of every input type; defineRoute types each.
  handle(input: RouteInput<any, any, any>): Promise<Response> | Response;
}

type Output<TSchema> = TSchema extends z.ZodType ? z.output<TSchema> : Record<string, never>;

/** Declares a route with its handler typed from its own schemas. */
export function defineRoute<
  TParams extends z.ZodObject | undefined = undefined,
  TQuery extends z.ZodObject | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
>(
  route: Omit<Route, 'params' | 'query' | 'body' | 'handle'> & {
    params?: TParams;
    query?: TQuery;
    body?: TBody;
    handle(input: RouteInput<Output<TParams>, Output<TQuery>, Output<TBody>>): Promise<Response> | Response;
  },
): Route {
  return route as Route;
}
