import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoServer } from '../helpers/server.js';

const SECRET = 'an-http-test-secret-of-at-least-32-chars';
const EXECUTOR_KEY = 'ck_test_change_bot_0123456789';

function token(sub: string, roles: string[]): Promise<string> {
  return new SignJWT({ sub, roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

function bearer(value: string) {
  return { headers: { authorization: `Bearer ${value}` } };
}

describe('an AgentOS with JWTs (HS256) and API keys', () => {
  const setup = () =>
    demoServer({
      dev: false,
      auth: {
        jwt: { secret: SECRET },
        apiKeys: [{ key: EXECUTOR_KEY, userId: 'change-bot', roles: ['executor'] }],
      },
    });

  it('refuses requests without valid credentials with 401, serves /health without any', async () => {
    const { os, logger } = await setup();
    const anonymous = await call(os, 'GET', '/approvals');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.body.error.type).toBe('AuthenticationError');
    // Dev headers are ignored outside dev mode.
    expect((await call(os, 'GET', '/approvals', { user: 'admin' })).status).toBe(401);
    expect((await call(os, 'GET', '/approvals', bearer('not-a-known-key-at-all'))).status).toBe(401);
    expect((await call(os, 'GET', '/health')).body).toEqual({ status: 'ok' });
    expect(logger.lines.some((line) => line.startsWith('warn GET /approvals refused with 401'))).toBe(true);
    expect(logger.lines.some((line) => line.includes('DEV MODE'))).toBe(false);
  });

  it('runs as the token user and resolves as the token user with its roles', async () => {
    const { os } = await setup();
    const alice = await token('alice', []);
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      ...bearer(alice),
      body: { message: 'refund $500 to ACME-123' },
    });
    expect(created.body.userId).toBe('alice');
    const approvalId = created.body.requirements[0].approvalId;
    const self = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      ...bearer(await token('alice', ['finance'])),
      body: { status: 'approved' },
    });
    expect(self.status).toBe(403);
    const bob = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      ...bearer(await token('bob', ['finance'])),
      body: { status: 'approved' },
    });
    expect(bob.status).toBe(200);
    expect(bob.body.approval).toMatchObject({ resolvedBy: 'bob', status: 'approved' });
    expect(bob.body.run.status).toBe('completed');
  });

  it('lets an API key with the executor role report an external result', async () => {
    const { os } = await setup();
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      ...bearer(await token('alice', [])),
      body: { message: 'deploy the new firewall rules on the edge cluster' },
    });
    const toolCallId = created.body.requirements[0].toolCallId;
    const reported = await call(
      os,
      'POST',
      `/agents/helpdesk/runs/${created.body.runId}/tools/${toolCallId}/result`,
      {
        ...bearer(EXECUTOR_KEY),
        body: { result: 'rolled out', isError: false },
      },
    );
    expect(reported.status).toBe(200);
    expect(reported.body.run.toolCalls[0]).toMatchObject({ outcome: 'external', result: 'rolled out' });
    const entries = await call(os, 'GET', `/audit?runId=${created.body.runId}`, bearer(EXECUTOR_KEY));
    expect(entries.status).toBe(403);
  });
});

describe('an AgentOS verifying JWTs against a JWKS URL', () => {
  let jwks: http.Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

  it('accepts tokens signed by the identity provider and enforces their roles', async () => {
    const { os } = await demoServer({ dev: false, auth: { jwt: { jwksUrl, issuer: 'https://id.example' } } });
    const sign = (sub: string, roles: string[]) =>
      new SignJWT({ sub, roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://id.example')
        .setExpirationTime('5m')
        .sign(privateKey);
    const created = await call(os, 'POST', '/agents/helpdesk/runs', {
      ...bearer(await sign('alice', [])),
      body: { message: 'refund $700 to ACME-123' },
    });
    expect(created.status).toBe(200);
    const approvalId = created.body.requirements[0].approvalId;
    const support = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      ...bearer(await sign('sam', ['support'])),
      body: { status: 'approved' },
    });
    expect(support.status).toBe(403);
    const finance = await call(os, 'POST', `/approvals/${approvalId}/resolve`, {
      ...bearer(await sign('fran', ['finance'])),
      body: { status: 'approved' },
    });
    expect(finance.body.approval).toMatchObject({ resolvedBy: 'fran' });
  });
});

describe('dev mode', () => {
  it('is logged loudly', async () => {
    const { logger } = await demoServer();
    expect(logger.lines.find((line) => line.includes('DEV MODE'))).toMatch(
      /^warn DEV MODE: requests are NOT authenticated/,
    );
  });

  it('cannot be left out without configuring credentials', async () => {
    await expect(demoServer({ dev: false })).rejects.toThrow(/no way to authenticate/);
  });
});
