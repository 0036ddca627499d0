import { randomUUID } from 'node:crypto';
import type { RunDocument } from '../../run/run-document.js';

/** A paused run as the agent stores it, with unicode and nested tool arguments. */
export function makeRunDocument(overrides: Partial<RunDocument> = {}): RunDocument {
  const createdAt = 1_790_000_000;
  return {
    v: 1,
    runId: `run_${randomUUID()}`,
    agentId: 'ops-agent',
    sessionId: 'session-1',
    userId: 'user-ü',
    status: 'paused',
    input: 'Restart the billing service — please 🙏',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Restart the billing service — please 🙏' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'restart_service',
            input: {
              service: 'billing-🧾',
              options: { graceful: true, regions: ['eu-west', 'ap-南'], retries: 3 },
            },
          },
        ],
      },
    ],
    step: 1,
    usage: { requests: 1, inputTokens: 120, outputTokens: 30, totalTokens: 150 },
    requirements: [
      {
        id: 'req_1',
        kind: 'confirmation',
        toolName: 'restart_service',
        toolArgs: {
          service: 'billing-🧾',
          options: { graceful: true, regions: ['eu-west', 'ap-南'], retries: 3 },
        },
        toolCallId: 'call_1',
        createdAt,
        approvalType: 'required',
      },
    ],
    pendingResults: [
      {
        type: 'tool-result',
        toolCallId: 'call_0',
        toolName: 'lookup',
        output: { type: 'json', value: { ok: true } },
      },
    ],
    toolCalls: [],
    content: 'Please confirm restart_service (billing-🧾).',
    metadata: { ticket: 'OPS-1', tags: ['prod', 'ça va'], depth: { a: { b: { c: [1, 2.5, null] } } } },
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}
