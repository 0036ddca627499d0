/** The role that may do anything an approver or a run's user may do. */
export const ADMIN_ROLE = 'admin';

/**
 * Who is making a request, as verified by the auth middleware (a JWT, an API key, or the dev-mode
 * headers). Services take it as their first argument and never read a user from a request body.
 */
export interface Identity {
  /** The user id: the JWT's `sub`, the API key's user, or the dev-mode `X-User-Id`. */
  userId: string;
  /** The roles the identity holds (`admin` holds every role). */
  roles: string[];
  /**
   * How the identity was established: a verified token or key, dev-mode headers, the command line
   * (whose operator holds the database), a signed Slack request, or `anonymous` on a public route
   * such as `/health`.
   */
  via: 'jwt' | 'api-key' | 'dev' | 'cli' | 'slack' | 'anonymous';
}

/** The identity public routes see: nobody, with no roles. */
export const ANONYMOUS: Identity = Object.freeze({
  userId: 'anonymous',
  roles: [],
  via: 'anonymous',
}) as Identity;

/** Whether the identity holds the role, or `admin`. */
export function hasRole(identity: Identity, role: string): boolean {
  return identity.roles.includes(role) || identity.roles.includes(ADMIN_ROLE);
}
