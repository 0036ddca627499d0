import type { Identity } from '../server/identity.js';
import type { SlackClient } from './slack-client.js';

/** A Slack user as an interaction or event names them; `email` when it was looked up. */
export interface SlackUser {
  id: string;
  teamId?: string | undefined;
  name?: string | undefined;
  /** The profile email, present when `resolveByEmail` is on. */
  email?: string | undefined;
}

/** The Countersign identity a Slack user acts as. */
export interface SlackIdentityEntry {
  userId: string;
  roles?: readonly string[];
}

/**
 * How Slack users map to Countersign identities: a table keyed by Slack user id (`U0123`) or by
 * profile email, or a function (which may be async) returning the identity or `null` (unknown user).
 */
export type SlackUserMap =
  | Readonly<Record<string, SlackIdentityEntry>>
  | ((user: SlackUser) => SlackIdentityEntry | null | Promise<SlackIdentityEntry | null>);

/** Options of {@link SlackIdentityMap}. */
export interface SlackIdentityMapOptions {
  userMap?: SlackUserMap | undefined;
  /**
   * Look the user's profile email up (`users.info`, scope `users:read.email`): the table may be
   * keyed by email, the function receives it, and a user found nowhere else acts as the email with
   * no roles.
   */
  resolveByEmail?: boolean | undefined;
  client: SlackClient;
  /** How long a resolved identity is reused, in milliseconds (default 5 minutes). */
  cacheMs?: number | undefined;
}

interface Cached<T> {
  value: T;
  until: number;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Maps Slack users to Countersign identities (and back, to mention a requester). Whoever is not
 * mapped gets `null` and may do nothing: Slack membership alone grants no authority.
 */
export class SlackIdentityMap {
  readonly #userMap: SlackUserMap | undefined;
  readonly #resolveByEmail: boolean;
  readonly #client: SlackClient;
  readonly #cacheMs: number;
  readonly #identities = new Map<string, Cached<Identity | null>>();
  readonly #slackUsers = new Map<string, Cached<string | null>>();

  constructor(options: SlackIdentityMapOptions) {
    this.#userMap = options.userMap;
    this.#resolveByEmail = options.resolveByEmail === true;
    this.#client = options.client;
    this.#cacheMs = options.cacheMs ?? 5 * 60_000;
  }

  /**
   * The identity a Slack user acts as, or `null` when the user is not mapped (or is a bot or a
   * deactivated account). Slack API failures propagate.
   */
  async identityOf(user: SlackUser): Promise<Identity | null> {
    const cached = this.#identities.get(user.id);
    if (cached !== undefined && cached.until > Date.now()) return cached.value;
    const identity = await this.#resolve(user);
    this.#identities.set(user.id, { value: identity, until: Date.now() + this.#cacheMs });
    if (identity !== null) this.#remember(identity.userId, user.id);
    return identity;
  }

  /** The Slack user id of a Countersign user, when it can be known, to mention them; otherwise `null`. */
  async slackUserOf(userId: string): Promise<string | null> {
    const cached = this.#slackUsers.get(userId);
    if (cached !== undefined && cached.until > Date.now()) return cached.value;
    let found: string | null = null;
    const userMap = this.#userMap;
    if (userMap !== undefined && typeof userMap !== 'function') {
      found =
        Object.entries(userMap).find(
          ([key, entry]) => SLACK_USER_ID.test(key) && entry.userId === userId,
        )?.[0] ?? null;
    }
    if (found === null && this.#resolveByEmail && userId.includes('@')) {
      try {
        found = (await this.#client.lookupByEmail(userId))?.id ?? null;
      } catch {
        found = null; // a mention is a courtesy: the plain user id is shown instead
      }
    }
    this.#remember(userId, found);
    return found;
  }

  #remember(userId: string, slackUserId: string | null): void {
    this.#slackUsers.set(userId, { value: slackUserId, until: Date.now() + this.#cacheMs });
  }

  async #resolve(user: SlackUser): Promise<Identity | null> {
    const userMap = this.#userMap;
    const table = userMap !== undefined && typeof userMap !== 'function' ? userMap : undefined;
    const direct = table?.[user.id];
    if (direct !== undefined) return toIdentity(direct);
    let email = user.email;
    if (this.#resolveByEmail && email === undefined) {
      const info = await this.#client.userInfo(user.id);
      if (info.deleted === true || info.is_bot === true) return null;
      email = info.profile?.email?.toLowerCase();
    }
    if (table !== undefined && email !== undefined) {
      const byEmail = Object.entries(table).find(([key]) => key.toLowerCase() === email)?.[1];
      if (byEmail !== undefined) return toIdentity(byEmail);
    }
    if (typeof userMap === 'function') {
      const entry = await userMap({ ...user, ...(email === undefined ? {} : { email }) });
      if (entry !== null) return toIdentity(entry);
      return null;
    }
    if (this.#resolveByEmail && email !== undefined) return toIdentity({ userId: email });
    return null;
  }
}

function toIdentity(entry: SlackIdentityEntry): Identity | null {
  if (typeof entry.userId !== 'string' || entry.userId === '') return null;
  return { userId: entry.userId, roles: [...(entry.roles ?? [])], via: 'slack' };
}
