import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ScriptedModel, type ScriptedToolCall } from '../../src/testing/scripted-model.js';
import { createNotesServer } from '../fixtures/mcp-notes-server.mjs';

const serverScript = path.resolve(import.meta.dirname, '../fixtures/mcp-notes-server.mjs');

/** A transport that starts the notes server as a child process and talks to it over stdio. */
export function notesStdioTransport(effectsFile: string): StdioClientTransport {
  return new StdioClientTransport({ command: process.execPath, args: [serverScript, effectsFile] });
}

/** The side effects the notes server recorded, oldest first. */
export function readEffects(effectsFile: string): Record<string, unknown>[] {
  if (!existsSync(effectsFile)) return [];
  return readFileSync(effectsFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The notes server over streamable HTTP, in this process on a random port, one MCP session per client. */
export async function startNotesHttpServer(
  effectsFile: string,
): Promise<{ url: URL; close(): Promise<void> }> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer((request, response) => {
    const sessionId = request.headers['mcp-session-id'];
    const known = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (known !== undefined) {
      void known.handleRequest(request, response);
      return;
    }
    if (request.method !== 'POST' || sessionId !== undefined) {
      response.writeHead(404).end();
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, transport);
      },
    });
    void createNotesServer({ effectsFile })
      .connect(transport)
      .then(() => transport.handleRequest(request, response));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    async close() {
      await Promise.all([...transports.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A model that makes the given calls first, then answers with the tool results it got, joined. */
export function callingModel(calls: ScriptedToolCall[]): ScriptedModel {
  return new ScriptedModel((context) =>
    context.step === 0
      ? { toolCalls: calls }
      : { text: context.lastToolResults.map((result) => `${result.toolName}: ${result.text}`).join(' | ') },
  );
}
