import * as z from 'zod';
import type { Route } from './route.js';
import { errorBodySchema } from './schemas/common-schemas.js';

type JsonSchema = Record<string, unknown>;

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  title?: string;
  version?: string;
  /** Dev mode: the document says that requests need no token. */
  dev?: boolean;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'A bad body or query; error.issues names each field.',
  401: 'No credentials, or credentials that could not be verified.',
  403: 'Not allowed: self-approval, a missing role, another user’s run.',
  404: 'An unknown id.',
  409: 'A conflict: resolved or continued by somebody else first, or not in a state that allows it.',
  503: 'The store is down or not migrated.',
};

/** Collects zod schemas as JSON Schema 2020-12, sharing every schema with a meta `id` as a component. */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = converted;
    const relink = (value: unknown): JsonSchema =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      this.components[id] ??= relink(definition);
    }
    return relink(rest);
  }
}

function parametersOf(route: Route, collector: SchemaCollector): unknown[] {
  const parameters: unknown[] = [];
  for (const [location, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const converted = collector.convert(schema, 'input');
    const properties = (converted.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((converted.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      });
    }
  }
  return parameters;
}

function operationOf(route: Route, collector: SchemaCollector): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    const content: Record<string, unknown> = {};
    if (response.schema || contentType !== 'application/json') {
      content[contentType] = response.schema ? { schema: collector.convert(response.schema, 'output') } : {};
    }
    if (response.streams) content['text/event-stream'] = { schema: { type: 'string' } };
    responses[status] = {
      description: response.description,
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  const errors = new Set<number>([503, ...(route.errors ?? [])]);
  if (route.body || route.query || route.params) errors.add(400);
  if (!route.public) errors.add(401);
  if (route.params) errors.add(404);
  for (const status of Object.keys(route.responses).map(Number)) if (status >= 400) errors.delete(status);
  for (const status of [...errors].sort()) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const operation: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    parameters: parametersOf(route, collector),
    responses,
  };
  if (route.description) operation.description = route.description;
  if (route.public) operation.security = [];
  if (route.body) {
    const json = { schema: collector.convert(route.body, 'input') };
    operation.requestBody = {
      required: true,
      content: route.acceptsForm
        ? { 'application/json': json, 'application/x-www-form-urlencoded': json }
        : { 'application/json': json },
    };
  }
  return operation;
}

/**
 * The OpenAPI 3.1 document of a route table: paths, parameters, request bodies and responses
 * from the same zod schemas that validate the requests, errors as the shared `Error` component.
 */
export function buildOpenApiDocument(
  routes: readonly Route[],
  options: OpenApiOptions = {},
): Record<string, unknown> {
  const collector = new SchemaCollector();
  collector.convert(errorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operationOf(route, collector);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Countersign AgentOS',
      version: options.version ?? '0.1.0',
      description:
        'Agents whose risky tool calls wait for a human. Errors are { error: { type, message, ... } }.' +
        (options.dev ? ' DEV MODE: no token needed; the user comes from X-User-Id / X-User-Roles.' : ''),
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A JWT (sub = user id, roles claim) or an API key from the server config.',
        },
      },
    },
  };
}
