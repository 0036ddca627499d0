import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Identity } from '../server/identity.js';
import { AUDITOR_ROLE } from '../server/routes/audit.js';
import type { TargetRegistry } from '../server/target-registry.js';
import { UI_COOKIES } from './cookies.js';
import type { DevUser, UiOptions } from './ui-options.js';

/** The roles the served agents' and teams' approval policies name, sorted. */
export function approverRoles(registry: TargetRegistry): string[] {
  const roles = new Set<string>();
  for (const target of [...registry.list('agent'), ...registry.list('team')]) {
    for (const tool of target.tools ?? []) {
      const role = tool.approval?.approverRole;
      if (typeof role === 'string' && role !== '') roles.add(role);
    }
  }
  return [...roles].sort();
}

/**
 * The dev-mode picker's default users: `alice` asks the agents (no roles), `bob` approves (every
 * approver role the tools name), `carol` audits, and `admin` holds every role.
 */
export function defaultDevUsers(registry: TargetRegistry): DevUser[] {
  const roles = approverRoles(registry);
  return [
    { userId: 'alice', roles: [], label: 'asks the agents' },
    { userId: 'bob', roles, label: roles.length > 0 ? `${roles.join(', ')} approver` : 'approver' },
    { userId: 'carol', roles: [AUDITOR_ROLE], label: 'auditor' },
    { userId: 'admin', roles: [], label: 'every role' },
  ];
}

/**
 * The verified identity of a UI request, or `undefined` when nobody is signed in (auth mode
 * without a session). The session cookie is turned into the request the API would get (a bearer
 * token, or in dev mode the `X-User-Id` / `X-User-Roles` headers of the picked user) and verified
 * by the AgentOS's own authenticator, so the UI acts with exactly the identity the API would see.
 *
 * @throws AuthenticationError when the stored token is no longer valid.
 */
export async function sessionIdentity(
  options: UiOptions,
  devUsers: readonly DevUser[],
  context: Context,
): Promise<Identity | undefined> {
  const url = context.req.url;
  const token = getCookie(context, UI_COOKIES.token);
  if (token !== undefined && token !== '') {
    return options.authenticate(new Request(url, { headers: { authorization: `Bearer ${token}` } }));
  }
  if (!options.dev) return undefined;
  const picked = getCookie(context, UI_COOKIES.user);
  const fallback = devUsers[0];
  const userId = picked ?? fallback?.userId ?? '';
  const roles =
    picked === undefined ? (fallback?.roles ?? []) : (getCookie(context, UI_COOKIES.roles) ?? '').split(',');
  const headers: Record<string, string> = { 'x-user-id': userId };
  const roleList = roles.map((role) => role.trim()).filter((role) => role !== '');
  if (roleList.length > 0) headers['x-user-roles'] = roleList.join(',');
  return options.authenticate(new Request(url, { headers }));
}
