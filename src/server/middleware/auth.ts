import { createHash } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ADMIN_ROLE, type Identity } from '../identity.js';

/** One API key from the config, standing for a user with roles (a service account, a script). */
export interface ApiKeyOptions {
  /** The secret sent as `Authorization: Bearer <key>`; at least 16 characters. */
  key: string;
  userId: string;
  roles?: string[];
}

/** How bearer JWTs are verified: a shared secret (HS256) or a JWKS URL, never both. */
export interface JwtOptions {
  /** Shared secret for HS256 tokens; at least 32 characters. */
  secret?: string;
  /** URL of a JSON Web Key Set (asymmetric keys, fetched and cached by jose). */
  jwksUrl?: string;
  issuer?: string | string[];
  audience?: string | string[];
  /** The claim holding the roles (default `roles`): an array of strings, or one space- or comma-separated string. */
  rolesClaim?: string;
}

/** The credentials an AgentOS accepts. */
export interface AuthOptions {
  jwt?: JwtOptions;
  apiKeys?: ApiKeyOptions[];
}

/** Turns a request into a verified identity, or throws `AuthenticationError`. */
export type Authenticator = (request: Request) => Promise<Identity>;

/** The user of dev-mode requests that name none. */
export const DEV_DEFAULT_USER = 'dev-user';

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function rolesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((role) => role.length > 0);
  if (Array.isArray(value))
    return value.filter((role): role is string => typeof role === 'string' && role !== '');
  return [];
}

function jwtVerifier(options: JwtOptions): ((token: string) => Promise<Identity>) | undefined {
  if (options.secret !== undefined && options.jwksUrl !== undefined) {
    throw new ConfigurationError('auth.jwt takes either a secret (HS256) or a jwksUrl, not both.');
  }
  if (options.secret === undefined && options.jwksUrl === undefined) return undefined;
  if (options.secret !== undefined && options.secret.length < 32) {
    throw new ConfigurationError(
      'auth.jwt.secret must be at least 32 characters long (HS256 needs 256 bits); generate one with `openssl rand -hex 32`.',
    );
  }
  let url: URL | undefined;
  if (options.jwksUrl !== undefined) {
    try {
      url = new URL(options.jwksUrl);
    } catch {
      throw new ConfigurationError(`auth.jwt.jwksUrl is not a URL: ${JSON.stringify(options.jwksUrl)}.`);
    }
  }
  const secret = options.secret === undefined ? undefined : new TextEncoder().encode(options.secret);
  const keySet = url === undefined ? undefined : createRemoteJWKSet(url);
  const verifyOptions = {
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  };
  const rolesClaim = options.rolesClaim ?? 'roles';
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = secret
        ? (await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] })).payload
        : (await jwtVerify(token, keySet as ReturnType<typeof createRemoteJWKSet>, verifyOptions)).payload;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AuthenticationError(`The bearer token was refused: ${reason}.`, 'invalid-token', {
        cause: error,
      });
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new AuthenticationError('The bearer token has no `sub` claim naming the user.', 'invalid-token');
    }
    return { userId: payload.sub, roles: rolesOf(payload[rolesClaim]), via: 'jwt' };
  };
}

function apiKeyTable(keys: readonly ApiKeyOptions[]): Map<string, Identity> {
  const table = new Map<string, Identity>();
  keys.forEach((entry, index) => {
    if (typeof entry?.key !== 'string' || entry.key.length < 16) {
      throw new ConfigurationError(`auth.apiKeys[${index}].key must be a string of at least 16 characters.`);
    }
    if (typeof entry.userId !== 'string' || entry.userId === '') {
      throw new ConfigurationError(`auth.apiKeys[${index}].userId must name the user the key stands for.`);
    }
    // Keys are kept hashed, so a heap dump or a log of this table reveals none.
    table.set(digest(entry.key), { userId: entry.userId, roles: [...(entry.roles ?? [])], via: 'api-key' });
  });
  return table;
}

function devIdentity(request: Request): Identity {
  const userId = (request.headers.get('x-user-id') ?? '').trim().slice(0, 200) || DEV_DEFAULT_USER;
  const roles = rolesOf(request.headers.get('x-user-roles') ?? '');
  // In dev mode the user `admin` holds every role; `admin` is the role every check accepts.
  if (userId === ADMIN_ROLE && !roles.includes(ADMIN_ROLE)) roles.unshift(ADMIN_ROLE);
  return { userId, roles, via: 'dev' };
}

/**
 * Builds the authenticator of an AgentOS: `Authorization: Bearer <token>` is verified as a JWT
 * (`sub` is the user, the `roles` claim the roles) when it looks like one and JWTs are configured,
 * and otherwise looked up among the API keys. In dev mode a request without a token is the user
 * named by `X-User-Id` (roles from `X-User-Roles: a,b`; default `dev-user`), and `admin` holds
 * every role.
 *
 * @throws ConfigurationError at build time for an unusable configuration (no credentials and no dev mode).
 */
export function createAuthenticator(options: {
  auth?: AuthOptions | undefined;
  dev?: boolean | undefined;
}): Authenticator {
  const verifyJwt = jwtVerifier(options.auth?.jwt ?? {});
  const apiKeys = apiKeyTable(options.auth?.apiKeys ?? []);
  if (!options.dev && verifyJwt === undefined && apiKeys.size === 0) {
    throw new ConfigurationError(
      'The server has no way to authenticate requests: configure auth.jwt (secret or jwksUrl) or auth.apiKeys, ' +
        'or start it in dev mode (`countersign serve --dev`, `new AgentOS({ dev: true })`) to take users from X-User-Id.',
    );
  }
  return async (request) => {
    const header = request.headers.get('authorization');
    if (header === null || header.trim() === '') {
      if (options.dev) return devIdentity(request);
      throw new AuthenticationError(
        'This request needs credentials: send `Authorization: Bearer <token>` with a JWT or an API key.',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new AuthenticationError(
        'The Authorization header must be `Bearer <token>` (a JWT or an API key).',
        'invalid-token',
      );
    }
    const token = match[1] as string;
    const looksLikeJwt = /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
    if (looksLikeJwt && verifyJwt) return verifyJwt(token);
    const identity = apiKeys.get(digest(token));
    if (identity) return { ...identity, roles: [...identity.roles] };
    throw new AuthenticationError(
      looksLikeJwt && !verifyJwt
        ? 'The bearer token is a JWT, but this server verifies no JWTs (configure auth.jwt); use an API key.'
        : 'The bearer token is not a known API key.',
      looksLikeJwt ? 'invalid-token' : 'unknown-api-key',
    );
  };
}
