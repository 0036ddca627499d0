import type { AuditEntryInput } from '../../audit/audit-entry.js';
import type { Store } from '../../db/store.js';
import type { Identity } from '../identity.js';
import type { Logger } from '../logger.js';

/** What a refused attempt concerned. */
export interface RefusedAttempt {
  /** What was tried: `approve`, `reject`, `continue`, `cancel`, `external-result`, `read-audit`, ... */
  attempted: string;
  /** The rule that refused it (`self-approval`, `missing-role`, `not-run-owner`, ...). */
  reason: string;
  runId?: string | undefined;
  approvalId?: string | undefined;
  toolName?: string | undefined;
  toolCallId?: string | undefined;
  argsDigest?: string | undefined;
}

/**
 * Writes an `access-denied` audit entry for a refused decision, so refusals are as visible as
 * decisions. This records verified identities (a 403), one entry per refusal; requests without
 * valid credentials (a 401) are audited by `UnauthenticatedRefusals`, counted per route and
 * reason, so anonymous callers cannot grow the append-only log at will. A failed write is logged
 * and swallowed: the caller's refusal is what matters.
 */
export async function recordRefusal(
  db: Store,
  logger: Logger,
  identity: Identity,
  attempt: RefusedAttempt,
): Promise<void> {
  const entry: AuditEntryInput = {
    action: 'access-denied',
    actor: identity.userId,
    actorRoles: [...identity.roles],
    data: { attempted: attempt.attempted, reason: attempt.reason, via: identity.via },
  };
  if (attempt.runId !== undefined) entry.runId = attempt.runId;
  if (attempt.approvalId !== undefined) entry.approvalId = attempt.approvalId;
  if (attempt.toolName !== undefined) entry.toolName = attempt.toolName;
  if (attempt.toolCallId !== undefined) entry.toolCallId = attempt.toolCallId;
  if (attempt.argsDigest !== undefined) entry.argsDigest = attempt.argsDigest;
  logger.warn(
    `refused: ${identity.userId} tried to ${attempt.attempted}${attempt.approvalId ? ` approval ${attempt.approvalId}` : ''}` +
      `${attempt.runId ? ` (run ${attempt.runId})` : ''}: ${attempt.reason}`,
  );
  try {
    await db.appendAudit([entry]);
  } catch (error) {
    logger.error(
      `could not write the access-denied audit entry: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
