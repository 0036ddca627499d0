import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { CountersignError } from '../../src/errors/countersign-error.js';
import { StorageError } from '../../src/errors/storage-error.js';
import { ValidationError } from '../../src/errors/validation-error.js';
import { upgradeRunDocument } from '../../src/run/run-document-upgrade.js';
import type { AgentOS } from '../../src/server/agent-os.js';
import { MAX_BODY_BYTES } from '../../src/server/hono-app.js';
import type { Route } from '../../src/server/route.js';
import { call, demoServer } from '../helpers/server.js';

// Hostile input against every route of the table (through app.request, in-process, on SQLite):
// no 5xx, and a refused request changes nothing that is stored. Seeds are fixed so a failure
// reproduces; fast-check prints the counterexample.

const SEED = 8_2026;
const RUNS_PER_ROUTE = 40;

const SQL_INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE runs; --",
  "x' UNION SELECT * FROM approvals --",
  '" OR ""="',
  "1; DELETE FROM audit_log WHERE '1'='1",
  "%' OR 1=1 --",
  "\\'; UPDATE approvals SET status='approved' --",
  "$1'::text; TRUNCATE runs; --",
  'paused\u0000',
  "admin'/*",
];

let os: AgentOS;
let db: Store;
let pausedRunId: string;
let approvalId: string;
let requirementId: string;
let toolCallId: string;

beforeAll(async () => {
  ({ os, db } = await demoServer());
  const refund = await call(os, 'POST', '/agents/helpdesk/runs', {
    user: 'alice',
    body: { message: 'refund $640 to GLOBEX-7' },
  });
  expect(refund.body.status).toBe('paused');
  pausedRunId = refund.body.runId;
  approvalId = refund.body.requirements[0].approvalId;
  requirementId = refund.body.requirements[0].id;
  toolCallId = refund.body.requirements[0].toolCallId;
  const reset = await call(os, 'POST', '/agents/helpdesk/runs', {
    user: 'alice',
    body: { message: 'reset the password for alice@example.com' },
  });
  expect(reset.body.status).toBe('paused');
});
afterAll(async () => {
  await os.close();
  await db.close();
});

/**
 * Everything a request could alter: runs, approval records, the audit log. A refused attempt to
 * act on a run or record is itself audited (`access-denied`, by design), so those entries are left
 * out; their chain is checked with the rest by `verifyAuditLog`.
 */
async function snapshot(): Promise<string> {
  const runs = await db.listRuns({ limit: 500 });
  const approvals = await db.getApprovals({ limit: 500 });
  const audit = await db.listAudit({ limit: 1000 });
  const kept = audit.items.filter((entry) => entry.action !== 'access-denied');
  return JSON.stringify([runs.items, approvals.items, kept]);
}

/** Nested arrays and objects deeper than any schema expects. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean())
  .map(([depth, objects]) =>
    objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : '['.repeat(depth) + ']'.repeat(depth),
  );

/** Request bodies: wrong types, random JSON, malformed text, deep nesting, unicode, injections. */
const bodies: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.object().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' }),
  deep,
  fc.constantFrom(
    '{',
    '{"message":',
    'null',
    '[]',
    '"text"',
    '{"decisions":{}}',
    '\u0000',
    '{"__proto__":{"x":1}}',
  ),
  fc
    .record(
      {
        message: fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null)),
        status: fc.oneof(fc.constantFrom('approved', 'rejected', 'bogus'), fc.integer()),
        decisions: fc.oneof(
          fc.array(
            fc.record(
              {
                requirementId: fc.oneof(fc.constant('REQ'), fc.string()),
                confirm: fc.oneof(fc.boolean(), fc.string()),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          fc.string(),
        ),
        stream: fc.constant(false),
        result: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

const hostileStrings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(...SQL_INJECTIONS),
);

/** A path parameter: one of the real ids (so handlers run past the lookup) or something hostile. */
function paramValue(name: string): fc.Arbitrary<string> {
  const known = () => {
    if (name === 'runId') return pausedRunId;
    if (name === 'approvalId' || name === 'id') return approvalId;
    if (name === 'toolCallId') return toolCallId;
    return 'helpdesk';
  };
  return fc.oneof(
    fc.constant(null).map(known),
    hostileStrings.filter((value) => value.length > 0),
  );
}

function pathOf(route: Route, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

function searchOf(values: [string, string][]): string {
  if (values.length === 0) return '';
  const search = new URLSearchParams(values);
  return `?${search.toString()}`;
}

const fuzzedRoutes = () => os.routes.filter((route) => route.path !== '/events');

describe('every API route under hostile input', () => {
  it('enumerates the route table', () => {
    expect(fuzzedRoutes().length).toBeGreaterThanOrEqual(20);
  });

  it('never answers 5xx, and a refused request changes nothing stored', async () => {
    let requests = 0;
    for (const route of fuzzedRoutes()) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
      const queryKeys = route.query ? Object.keys(route.query.shape) : [];
      const request = fc.record({
        params: fc.tuple(...names.map((name) => paramValue(name))),
        query: fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom(...queryKeys, 'limit', 'cursor'), fc.string({ maxLength: 10 })),
            hostileStrings,
          ),
          { maxLength: 4 },
        ),
        body: bodies,
        user: fc.constantFrom('alice', 'bob', 'admin', "' OR 1=1 --"),
        contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
      });
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const params = Object.fromEntries(
            names.map((name, index) => [name, input.params[index] as string]),
          );
          const target = pathOf(route, params) + searchOf(input.query);
          const before = await snapshot();
          const response = await call(os, route.method.toUpperCase(), target, {
            user: input.user,
            roles: ['finance'],
            headers: { 'content-type': input.contentType },
            ...(route.method === 'post' ? { body: input.body } : {}),
          });
          requests += 1;
          expect(response.status, `${route.method} ${target} -> ${response.text.slice(0, 300)}`).toBeLessThan(
            500,
          );
          if (response.status >= 400) expect(await snapshot()).toBe(before);
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(requests).toBe(fuzzedRoutes().length * RUNS_PER_ROUTE);
    console.log(`fuzz: ${fuzzedRoutes().length} routes, ${requests} hostile requests, no 5xx`);
  }, 60_000);

  it('answers SQL injection in every query filter with 200 or 400, matching nothing and altering nothing', async () => {
    const start = await snapshot();
    let probes = 0;
    for (const route of os.routes.filter((candidate) => candidate.query && candidate.method === 'get')) {
      if (route.path === '/events' || route.path.includes('{')) continue;
      for (const key of Object.keys(route.query?.shape ?? {})) {
        for (const injection of SQL_INJECTIONS) {
          const before = await snapshot();
          const response = await call(os, 'GET', `${route.path}?${new URLSearchParams([[key, injection]])}`, {
            user: 'admin',
          });
          expect([200, 400], `${route.path}?${key}=${injection}: ${response.text.slice(0, 200)}`).toContain(
            response.status,
          );
          if (response.status === 200 && Array.isArray(response.body.items) && key !== 'limit') {
            expect(response.body.items, `${route.path}?${key}=${injection}`).toEqual([]);
          }
          expect(await snapshot()).toBe(before);
          probes += 1;
        }
      }
    }
    // The data is all still there and intact, the tables too.
    expect(probes).toBeGreaterThan(50);
    console.log(`fuzz: ${probes} SQL injection probes over every list filter, nothing matched or altered`);
    expect(await snapshot()).toBe(start);
    expect((await db.listRuns({ limit: 500 })).items.length).toBeGreaterThanOrEqual(2);
    expect((await db.verifyAuditLog()).ok).toBe(true);
  });

  it('refuses a body over the limit with 400 and stores nothing', async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ message: 'x'.repeat(MAX_BODY_BYTES + 1) });
    for (const route of ['/agents/helpdesk/runs', `/approvals/${approvalId}/resolve`]) {
      const response = await call(os, 'POST', route, { user: 'bob', roles: ['finance'], body: huge });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/larger than/);
    }
    const continued = await call(os, 'POST', `/agents/helpdesk/runs/${pausedRunId}/continue`, {
      user: 'alice',
      body: JSON.stringify({
        decisions: [{ requirementId, confirm: true, reason: 'y'.repeat(MAX_BODY_BYTES) }],
      }),
    });
    expect(continued.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });
});

describe('the run-state loader (upgradeRunDocument) under hostile documents', () => {
  const isExpected = (error: unknown) => error instanceof StorageError || error instanceof ValidationError;

  it('loads or throws a StorageError/ValidationError for any JSON value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        try {
          upgradeRunDocument(value);
        } catch (error) {
          expect(isExpected(error), String(error)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('loads or refuses a real run document with any field replaced, removed or nested deep', async () => {
    const stored = await db.getRun(pausedRunId);
    const document = stored?.document as unknown as Record<string, unknown>;
    const keys = Object.keys(document);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(
          fc.jsonValue(),
          fc.constant(undefined),
          deep.map((text) => JSON.parse(text) as unknown),
        ),
        (key, value) => {
          const mutated: Record<string, unknown> = structuredClone(document);
          if (value === undefined) delete mutated[key];
          else mutated[key] = value;
          try {
            const loaded = upgradeRunDocument(mutated);
            expect(loaded.runId).toBe(mutated.runId);
          } catch (error) {
            expect(error instanceof CountersignError && isExpected(error), String(error)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
