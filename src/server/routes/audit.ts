import { exportAuditJsonl } from '../../audit/export-audit.js';
import { AccessDeniedError } from '../../errors/access-denied-error.js';
import { hasRole, type Identity } from '../identity.js';
import { defineRoute, type Route } from '../route.js';
import { auditPageSchema, auditQuerySchema, auditVerificationSchema } from '../schemas/audit-schemas.js';
import type { ServerServices } from '../server-services.js';
import { recordRefusal } from '../services/refusal-audit.js';

/** The role that may read the audit log (besides `admin`). */
export const AUDITOR_ROLE = 'auditor';

/** Throws `AccessDeniedError` (403) unless the identity may read the audit log (auditor or admin). */
export function assertAuditor(identity: Identity): void {
  if (hasRole(identity, AUDITOR_ROLE)) return;
  throw new AccessDeniedError(
    identity.userId,
    'missing-role',
    `Reading the audit log needs the '${AUDITOR_ROLE}' or 'admin' role; ${identity.userId} holds ${
      identity.roles.length === 0 ? 'none' : identity.roles.join(', ')
    }.`,
  );
}

/** The audit routes: entries in chain order, the chain verification, the JSON Lines export. */
export function auditRoutes(services: ServerServices): Route[] {
  const { db, logger } = services;
  /** {@link assertAuditor}, with the refusal audited as `access-denied`. */
  const assertAuditorAudited = async (identity: Identity, attempted: string) => {
    try {
      assertAuditor(identity);
    } catch (error) {
      if (error instanceof AccessDeniedError) {
        await recordRefusal(db, logger, identity, { attempted, reason: error.reason });
      }
      throw error;
    }
  };
  return [
    defineRoute({
      method: 'get',
      path: '/audit',
      operationId: 'listAudit',
      errors: [403],
      summary: 'Audit entries in chain order (auditor or admin)',
      tag: 'Audit',
      query: auditQuerySchema,
      responses: { 200: { description: 'One page of entries.', schema: auditPageSchema } },
      async handle({ context, identity, query }) {
        await assertAuditorAudited(identity, 'read-audit');
        return context.json(await db.listAudit(query));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit/verify',
      operationId: 'verifyAudit',
      errors: [403],
      summary: 'Re-compute the hash chain (auditor or admin)',
      tag: 'Audit',
      responses: {
        200: {
          description: 'ok, or the first entry that breaks the chain.',
          schema: auditVerificationSchema,
        },
      },
      async handle({ context, identity }) {
        await assertAuditorAudited(identity, 'verify-audit');
        return context.json(await db.verifyAuditLog());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit/export',
      operationId: 'exportAudit',
      errors: [403],
      summary: 'The audit log as JSON Lines (auditor or admin)',
      tag: 'Audit',
      query: auditQuerySchema.pick({ runId: true, approvalId: true }),
      responses: {
        200: { description: 'One canonical JSON entry per line.', contentType: 'application/x-ndjson' },
      },
      async handle({ identity, query }) {
        await assertAuditorAudited(identity, 'export-audit');
        const lines = exportAuditJsonl(db, query);
        // The first page is read before the response starts, so a store failure is still a 503.
        const first = await lines.next();
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            if (!first.done) controller.enqueue(encoder.encode(first.value));
          },
          async pull(controller) {
            const next = await lines.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(next.value));
          },
          async cancel() {
            await lines.return(undefined);
          },
        });
        return new Response(first.done ? '' : body, {
          headers: {
            'content-type': 'application/x-ndjson; charset=utf-8',
            'content-disposition': 'attachment; filename="countersign-audit.jsonl"',
          },
        });
      },
    }),
  ];
}
