import type { Authenticator } from '../server/middleware/auth.js';
import type { ServerServices } from '../server/server-services.js';

/** A user the dev-mode picker offers, with the roles it stands for. */
export interface DevUser {
  userId: string;
  roles: string[];
  /** What the user is for, shown in the picker ("asks the helpdesk", "finance approver"). */
  label: string;
}

/** What {@link mountUi} needs from its AgentOS. */
export interface UiOptions {
  /** The same services the REST routes call. */
  services: ServerServices;
  /** The AgentOS's authenticator: the UI verifies its session through it, as the API verifies requests. */
  authenticate: Authenticator;
  /** Dev mode: the user comes from the picker (a cookie) instead of a token. */
  dev: boolean;
  /** Credentials are configured (JWT or API keys), so the login page takes a bearer token. */
  tokenLogin: boolean;
  /** The users of the dev-mode picker (default: a requester, an approver of every role the tools name, an auditor, admin). */
  devUsers?: DevUser[];
}
