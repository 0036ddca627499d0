import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.js';

const LIMIT = 64;

function app() {
  const server = new Hono();
  server.use(limitBody(LIMIT, (context) => context.text('too large', 413)));
  server.all('/echo', async (context) => context.text(`read ${(await context.req.text()).length}`));
  return server;
}

/** A body with no Content-Length: the request goes out chunked. */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 16)
        controller.enqueue(bytes.slice(offset, offset + 16));
      controller.close();
    },
  });
}

describe('limitBody', () => {
  it('judges a body with a Content-Length by the header, before reading it', async () => {
    const small = await app().request('/echo', {
      method: 'POST',
      body: 'x'.repeat(LIMIT),
      headers: { 'content-length': String(LIMIT) },
    });
    expect(await small.text()).toBe(`read ${LIMIT}`);
    const large = await app().request('/echo', {
      method: 'POST',
      body: 'x'.repeat(LIMIT + 1),
      headers: { 'content-length': String(LIMIT + 1) },
    });
    expect(large.status).toBe(413);
  });

  it('counts a chunked body while it streams', async () => {
    const init = (text: string) => ({ method: 'POST', body: streamed(text), duplex: 'half' }) as RequestInit;
    const small = await app().request('/echo', init('y'.repeat(LIMIT)));
    expect(await small.text()).toBe(`read ${LIMIT}`);
    const large = await app().request('/echo', init('y'.repeat(LIMIT * 4)));
    expect(large.status).toBe(413);
  });

  it('lets requests without a body through', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const response = await app().request('/echo', { method });
      expect(response.status).toBe(200);
    }
  });
});
