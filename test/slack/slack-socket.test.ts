import { describe, expect, it } from 'vitest';
import { mention, signedHeaders } from './slack-requests.js';
import { HELPDESK_CHANNEL, posted, shown, slackServerPerTest } from './slack-setup.js';

const startServer = slackServerPerTest();

describe('Slack routes over a real socket', () => {
  it('verifies the signature on the bytes Node received, non-ASCII text included', async () => {
    const server = await startServer();
    const { url } = await server.os.serve({ port: 0 });
    const body = JSON.stringify(
      mention('U0ALICE', 'look up ACME-123 — merci, ça marche? 🙏', HELPDESK_CHANNEL),
    );
    const signed = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(body, 'application/json'),
      body,
    });
    expect(signed.status).toBe(200);
    const forged = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(body, 'application/json', { secret: 'not-the-secret' }),
      body,
    });
    expect(forged.status).toBe(401);
    await server.slack.idle();
    const [run] = (await server.db.listRuns()).items;
    expect(run?.document.input).toBe('look up ACME-123 — merci, ça marche? 🙏');
    expect(shown(posted(server.fake)[0])).toContain('Acme Corp');
  });
});
