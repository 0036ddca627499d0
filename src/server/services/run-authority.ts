import type { Store } from '../../db/store.js';
import { AccessDeniedError } from '../../errors/access-denied-error.js';
import type { RunDocument } from '../../run/run-document.js';
import { ADMIN_ROLE, hasRole, type Identity } from '../identity.js';
import type { Logger } from '../logger.js';
import type { Decision } from './apply-decisions.js';
import { recordRefusal } from './refusal-audit.js';

/** The role that may report external execution results on other users' runs. */
export const EXECUTOR_ROLE = 'executor';

/**
 * Checks that an identity may decide a run's requirements (or cancel it): only the run's own
 * user or an `admin`; an identity with the executor role may also report external results. A
 * refusal is audited as `access-denied` before the error is thrown.
 *
 * @throws AccessDeniedError (HTTP 403) with reason `not-run-owner`.
 */
export async function assertMayDecide(
  db: Store,
  logger: Logger,
  identity: Identity,
  document: RunDocument,
  decisions: readonly Decision[],
  attempted: string,
): Promise<void> {
  if (document.userId !== undefined && document.userId === identity.userId) return;
  if (identity.roles.includes(ADMIN_ROLE)) return;
  const external = new Set(
    document.requirements.filter((item) => item.kind === 'external_execution').map((item) => item.id),
  );
  const onlyResults = decisions.length > 0 && decisions.every((item) => external.has(item.requirementId));
  if (onlyResults && hasRole(identity, EXECUTOR_ROLE)) return;
  await recordRefusal(db, logger, identity, { attempted, reason: 'not-run-owner', runId: document.runId });
  throw new AccessDeniedError(
    identity.userId,
    'not-run-owner',
    `${identity.userId} may not ${attempted} run ${document.runId}: only its user ` +
      `(${document.userId ?? 'none recorded'}) or an '${ADMIN_ROLE}' may` +
      `${onlyResults ? `, or for external results the '${EXECUTOR_ROLE}' role` : ''}.`,
    document.runId,
  );
}
