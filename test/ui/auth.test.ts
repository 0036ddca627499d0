import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AgentOS } from '../../src/server/agent-os.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import { collectingLogger } from '../helpers/server.js';
import { textOf, UiClient } from '../helpers/ui-client.js';
import { freshDb } from '../helpers/ui-fixtures.js';

const SECRET = 'a-test-secret-that-is-at-least-32-characters';
const KEYS = [
  { key: 'alice-key-0123456789', userId: 'alice', roles: [] },
  { key: 'bob-key-0123456789ab', userId: 'bob', roles: ['finance'] },
];

async function authServer() {
  const db = await freshDb();
  const os = new AgentOS({
    db,
    logger: collectingLogger(),
    agents: [createDemoAgent({ db })],
    auth: { apiKeys: KEYS, jwt: { secret: SECRET } },
  });
  return { os, db, client: new UiClient(os) };
}

async function signIn(client: UiClient, token: string) {
  await client.get('/ui/login');
  return client.post('/ui/login', { token, next: '/' });
}

describe('the UI with authentication configured', () => {
  it('sends a visitor without a session to the login page, which takes a bearer token', async () => {
    const { client } = await authServer();
    const root = await client.get('/ui/runs?status=paused');
    expect(root.status).toBe(303);
    expect(root.location).toBe('/ui/login?next=%2Fui%2Fruns%3Fstatus%3Dpaused');
    const login = await client.get(root.location ?? '');
    expect(textOf(login.text)).toContain('Paste a bearer token');
    expect(login.text).toContain('name="token"');
    expect(login.text).not.toContain('DEV MODE');
    expect((await client.get('/ui/events')).status).toBe(401);
  });

  it('verifies the token with the API’s authenticator and keeps it in an HttpOnly cookie', async () => {
    const { client, os } = await authServer();
    const refused = await signIn(client, 'not-a-known-key-000');
    expect(refused.location).toBe('/ui/login');
    expect(textOf((await client.get('/ui/login')).text)).toContain(
      'The bearer token is not a known API key.',
    );
    expect(client.cookies.has('cs_token')).toBe(false);

    const accepted = await signIn(client, KEYS[1]?.key ?? '');
    expect(accepted.location).toBe('/');
    expect(accepted.headers.getSetCookie().find((line) => line.startsWith('cs_token='))).toMatch(/HttpOnly/);
    expect(textOf((await client.open('/')).text)).toContain('Signed in as bob (finance)');
    // The cookie is only the UI's: the REST API still wants its Authorization header.
    const api = await os.app.request('/agents', {
      headers: { cookie: `cs_token=${client.cookies.get('cs_token')}` },
    });
    expect(api.status).toBe(401);
  });

  it('records the decisions of the signed-in identity, with its roles', async () => {
    const { client, db } = await authServer();
    await signIn(client, KEYS[0]?.key ?? '');
    const started = await client.post('/ui/runs', {
      target: 'agent:helpdesk',
      message: 'Refund order 1234 for $250',
    });
    const page = await client.open(started.location ?? '');
    const approvalId = /\/ui\/approvals\/(apr_[\w-]+)/.exec(page.text)?.[1] ?? '';
    const self = textOf(
      (await client.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' })).text,
    );
    expect(self).toContain('alice requested the issue_refund call');

    const bob = new UiClient(client.os);
    await signIn(bob, KEYS[1]?.key ?? '');
    const done = textOf(
      (await bob.submit(`/ui/approvals/${approvalId}/resolve`, { status: 'approved' })).text,
    );
    expect(done).toContain('Approved. The run resumed and is now completed.');
    const entry = (await db.listAudit({ approvalId })).items.find(
      (item) => item.action === 'approval-approved',
    );
    expect(entry).toMatchObject({ actor: 'bob', actorRoles: ['finance'] });
    // No picker without dev mode: a signed-in user cannot become someone else.
    const picked = await bob.post('/ui/session', { user: 'admin' });
    expect(picked.status).toBe(303);
    expect(textOf((await bob.open('/')).text)).toContain('The user picker exists only in dev mode');
    expect(textOf((await bob.open('/')).text)).toContain('Signed in as bob');
  });

  it('signs in with a JWT, and sends a session whose token stops verifying back to the login page', async () => {
    const { client } = await authServer();
    const jwt = await new SignJWT({ roles: ['auditor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('carol')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SECRET));
    await signIn(client, jwt);
    expect(textOf((await client.open('/ui/audit')).text)).toContain('Chain verified');

    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-characters!'));
    client.cookies.set('cs_token', forged);
    const page = await client.get('/');
    expect(page.location).toBe('/ui/login');
    expect(client.cookies.has('cs_token')).toBe(false);
    expect(textOf((await client.get('/ui/login')).text)).toContain(
      'Please sign in again: The bearer token was refused',
    );
  });

  it('signs out', async () => {
    const { client } = await authServer();
    await signIn(client, KEYS[1]?.key ?? '');
    const out = await client.post('/ui/logout', {});
    expect(out.location).toBe('/ui/login');
    expect(client.cookies.has('cs_token')).toBe(false);
    expect((await client.get('/')).location).toBe('/ui/login');
  });
});
