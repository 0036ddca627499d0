import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputCheckError } from '../../errors/input-check-error.js';
import { OutputCheckError } from '../../errors/output-check-error.js';
import { ModerationGuardrail, OpenAIModerationGuardrail } from './moderation-guardrail.js';

async function refusal(check: Promise<unknown>): Promise<InputCheckError> {
  const error = await check.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputCheckError);
  return error as InputCheckError;
}

describe('ModerationGuardrail over a moderation function', () => {
  const moderate = async (text: string) => ({
    flagged: /kill|idiot/.test(text),
    categories: { violence: text.includes('kill'), harassment: text.includes('idiot') },
  });

  it('stops flagged input with the flagged categories and lets the rest through', async () => {
    const guardrail = new ModerationGuardrail({ moderate });
    const error = await refusal(guardrail.check('I will kill the process, you idiot', { runId: 'r1' }));
    expect(error.checkTrigger).toBe('input_not_allowed');
    expect(error.additionalData).toMatchObject({ flaggedCategories: ['violence', 'harassment'] });
    expect(error.runId).toBe('r1');
    expect(await guardrail.check('Restart the billing service')).toBeUndefined();
  });

  it('stops only for the listed categories when raiseForCategories is given', async () => {
    const guardrail = new ModerationGuardrail({ moderate, raiseForCategories: ['violence'] });
    expect(await guardrail.check('you idiot')).toBeUndefined();
    await refusal(guardrail.check('kill it'));
  });

  it('throws OutputCheckError as an output check', async () => {
    await expect(
      new ModerationGuardrail({ moderate }).check('kill', { stage: 'output' }),
    ).rejects.toMatchObject({ constructor: OutputCheckError, checkTrigger: 'output_not_allowed' });
  });

  it('fails closed when the moderation call throws', async () => {
    const guardrail = new ModerationGuardrail({
      moderate: async () => {
        throw new Error('service unavailable');
      },
    });
    const error = await refusal(guardrail.check('hello'));
    expect(error.additionalData).toMatchObject({ moderationError: 'service unavailable' });
  });
});

describe('OpenAIModerationGuardrail against a local fake of the endpoint', () => {
  let server: Server;
  let baseURL: string;
  const requests: Array<{ url: string | undefined; authorization: string | undefined; body: unknown }> = [];
  let status = 200;

  async function readBody(request: IncomingMessage): Promise<unknown> {
    let text = '';
    for await (const chunk of request) text += chunk;
    return JSON.parse(text);
  }

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = (await readBody(request)) as { input: string };
      requests.push({ url: request.url, authorization: request.headers.authorization, body });
      if (status !== 200) {
        response.writeHead(status).end('{"error":"boom"}');
        return;
      }
      const flagged = body.input.includes('hate');
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'modr-1',
          results: [{ flagged, categories: { hate: flagged, violence: false } }],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the text with the key and model, and stops on a flagged answer', async () => {
    const guardrail = new OpenAIModerationGuardrail({ apiKey: 'sk-test', baseURL });
    const error = await refusal(guardrail.check('I hate you'));
    expect(error.additionalData).toMatchObject({ flaggedCategories: ['hate'] });
    expect(requests.at(-1)).toEqual({
      url: '/v1/moderations',
      authorization: 'Bearer sk-test',
      body: { model: 'omni-moderation-latest', input: 'I hate you' },
    });
    expect(await guardrail.check('Good morning')).toBeUndefined();
  });

  it('reads OPENAI_API_KEY and OPENAI_BASE_URL from the environment', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = 'sk-env';
    process.env.OPENAI_BASE_URL = baseURL;
    try {
      expect(await new ModerationGuardrail().check('Good morning')).toBeUndefined();
      expect(requests.at(-1)?.authorization).toBe('Bearer sk-env');
    } finally {
      for (const [name, value] of [
        ['OPENAI_API_KEY', saved.key],
        ['OPENAI_BASE_URL', saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('fails closed on an HTTP error, a missing key or an unreachable endpoint', async () => {
    status = 500;
    try {
      const error = await refusal(new ModerationGuardrail({ apiKey: 'sk-test', baseURL }).check('hello'));
      expect(error.additionalData.moderationError).toContain('HTTP 500');
    } finally {
      status = 200;
    }
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const error = await refusal(new ModerationGuardrail({ baseURL }).check('hello'));
      expect(error.message).toContain('OPENAI_API_KEY');
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
    await refusal(
      new ModerationGuardrail({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1' }).check('hello'),
    );
  });
});
