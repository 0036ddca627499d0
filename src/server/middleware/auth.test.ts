import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { createAuthenticator } from './auth.js';

const SECRET = 'a-test-secret-that-is-at-least-32-chars-long';

function request(headers: Record<string, string> = {}): Request {
  return new Request('http://localhost/approvals', { headers });
}

function hs256(claims: Record<string, unknown>, secret = SECRET, expiresIn = '5m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe('JWT with a shared secret (HS256)', () => {
  const authenticate = createAuthenticator({ auth: { jwt: { secret: SECRET } } });

  it('takes the user from sub and the roles from the roles claim', async () => {
    const token = await hs256({ sub: 'bob', roles: ['finance', 'support'] });
    await expect(authenticate(request({ authorization: `Bearer ${token}` }))).resolves.toEqual({
      userId: 'bob',
      roles: ['finance', 'support'],
      via: 'jwt',
    });
  });

  it('accepts roles as one space- or comma-separated string', async () => {
    const token = await hs256({ sub: 'carol', roles: 'finance, auditor' });
    expect((await authenticate(request({ authorization: `Bearer ${token}` }))).roles).toEqual([
      'finance',
      'auditor',
    ]);
  });

  it('refuses a token signed with another secret, an expired token and one without sub', async () => {
    const forged = await hs256(
      { sub: 'bob', roles: ['admin'] },
      'another-secret-that-is-also-32-chars-long!',
    );
    await expect(authenticate(request({ authorization: `Bearer ${forged}` }))).rejects.toMatchObject({
      name: 'AuthenticationError',
      reason: 'invalid-token',
    });
    const expired = await new SignJWT({ sub: 'bob' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(authenticate(request({ authorization: `Bearer ${expired}` }))).rejects.toThrow(/exp/);
    const anonymous = await hs256({ roles: ['finance'] });
    await expect(authenticate(request({ authorization: `Bearer ${anonymous}` }))).rejects.toThrow(/sub/);
  });

  it('refuses requests without credentials outside dev mode', async () => {
    await expect(authenticate(request())).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticate(request({ authorization: 'Basic Ym9iOmJvYg==' }))).rejects.toThrow(/Bearer/);
    // Dev headers mean nothing outside dev mode.
    await expect(authenticate(request({ 'x-user-id': 'admin' }))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createAuthenticator({
      auth: { jwt: { secret: SECRET, issuer: 'https://id.example', audience: 'countersign' } },
    });
    const wrong = await new SignJWT({ sub: 'bob' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://evil.example')
      .setAudience('countersign')
      .sign(new TextEncoder().encode(SECRET));
    await expect(strict(request({ authorization: `Bearer ${wrong}` }))).rejects.toThrow(/iss/);
    const right = await new SignJWT({ sub: 'bob' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://id.example')
      .setAudience('countersign')
      .sign(new TextEncoder().encode(SECRET));
    expect((await strict(request({ authorization: `Bearer ${right}` }))).userId).toBe('bob');
  });
});

describe('JWT verified against a JWKS URL', () => {
  let server: http.Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setExpirationTime('5m')
      .sign(key);

  it('accepts a token signed by a key of the set, and refuses one signed by another key', async () => {
    const authenticate = createAuthenticator({ auth: { jwt: { jwksUrl } } });
    const token = await sign(privateKey, { sub: 'dana', roles: ['finance'] });
    await expect(authenticate(request({ authorization: `Bearer ${token}` }))).resolves.toEqual({
      userId: 'dana',
      roles: ['finance'],
      via: 'jwt',
    });
    const forged = await sign(otherKey, { sub: 'dana', roles: ['admin'] });
    await expect(authenticate(request({ authorization: `Bearer ${forged}` }))).rejects.toThrow(/signature/);
  });

  it('never accepts an HS256 token made with the public key set as its secret', async () => {
    const authenticate = createAuthenticator({ auth: { jwt: { jwksUrl } } });
    const confused = await hs256({ sub: 'mallory', roles: ['admin'] });
    await expect(authenticate(request({ authorization: `Bearer ${confused}` }))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });
});

describe('API keys', () => {
  const authenticate = createAuthenticator({
    auth: { apiKeys: [{ key: 'ck_live_0123456789abcdef', userId: 'change-bot', roles: ['executor'] }] },
  });

  it('maps a key to its user and roles, and refuses unknown keys', async () => {
    await expect(
      authenticate(request({ authorization: 'Bearer ck_live_0123456789abcdef' })),
    ).resolves.toEqual({
      userId: 'change-bot',
      roles: ['executor'],
      via: 'api-key',
    });
    await expect(
      authenticate(request({ authorization: 'Bearer ck_live_guessed_key_000' })),
    ).rejects.toMatchObject({
      reason: 'unknown-api-key',
    });
  });

  it('refuses a JWT when only API keys are configured', async () => {
    const token = await hs256({ sub: 'bob' });
    await expect(authenticate(request({ authorization: `Bearer ${token}` }))).rejects.toThrow(
      /verifies no JWTs/,
    );
  });
});

describe('dev mode', () => {
  const authenticate = createAuthenticator({ dev: true });

  it('takes the user and roles from the headers, with a default user', async () => {
    await expect(
      authenticate(request({ 'x-user-id': 'bob', 'x-user-roles': 'finance,support' })),
    ).resolves.toEqual({
      userId: 'bob',
      roles: ['finance', 'support'],
      via: 'dev',
    });
    expect((await authenticate(request())).userId).toBe('dev-user');
  });

  it('gives the user admin every role', async () => {
    expect((await authenticate(request({ 'x-user-id': 'admin' }))).roles).toEqual(['admin']);
  });
});

describe('configuration', () => {
  it('refuses to build without any credentials unless in dev mode', () => {
    expect(() => createAuthenticator({})).toThrow(ConfigurationError);
    expect(() => createAuthenticator({})).toThrow(/--dev/);
  });

  it('refuses short secrets, short API keys, and a secret together with a JWKS URL', () => {
    expect(() => createAuthenticator({ auth: { jwt: { secret: 'short' } } })).toThrow(/32 characters/);
    expect(() => createAuthenticator({ auth: { apiKeys: [{ key: 'short', userId: 'x' }] } })).toThrow(
      /16 characters/,
    );
    expect(() =>
      createAuthenticator({ auth: { jwt: { secret: SECRET, jwksUrl: 'https://id.example/jwks.json' } } }),
    ).toThrow(/not both/);
  });
});
