import type { Store } from '../db/store.js';
import type { RunDocument } from '../run/run-document.js';
import type { ServerEvent } from './event-bus.js';

/**
 * Puts back the fields an instance left out of an event too large for one notification, read
 * from the stored run: `input`, `requirements`, `content`, `usage` and a run's `error` from its
 * document, a tool call's `args` and `result` (or error text) from its record or the conversation,
 * a result from the execution journal. The store holds the run as it is now, so a field reads as
 * of the run's latest write. Fields that cannot be found stay out and are listed in the event's
 * `omitted`.
 */
export async function refillEvent(
  db: Store,
  event: ServerEvent,
  omitted: readonly string[],
): Promise<ServerEvent> {
  const document = (await db.getRun(event.runId))?.document;
  const refilled: Record<string, unknown> = { ...event };
  const missing: string[] = [];
  for (const name of omitted) {
    const value = document === undefined ? undefined : await fieldOf(db, document, event, name);
    if (value === undefined) missing.push(name);
    else refilled[name] = value;
  }
  if (missing.length > 0) refilled.omitted = missing;
  return refilled as unknown as ServerEvent;
}

async function fieldOf(db: Store, document: RunDocument, event: ServerEvent, name: string): Promise<unknown> {
  const toolCallId = 'toolCallId' in event ? event.toolCallId : undefined;
  const record =
    toolCallId === undefined
      ? undefined
      : document.toolCalls.find((candidate) => candidate.toolCallId === toolCallId);
  switch (name) {
    case 'input':
      return document.input;
    case 'requirements':
      return document.requirements;
    case 'content':
      return document.content;
    case 'usage':
      return document.usage;
    case 'error':
      if (event.type === 'run-error') return document.error;
      if (event.type === 'tool-call-error' && record?.isError) {
        return typeof record.result === 'string' ? record.result : JSON.stringify(record.result);
      }
      return undefined;
    case 'args':
      return record?.args ?? (toolCallId === undefined ? undefined : argsInMessages(document, toolCallId));
    case 'result': {
      if (record) return record.result;
      const executions = await db.listToolExecutions(event.runId);
      return executions.find((execution) => execution.toolCallId === toolCallId)?.result;
    }
    default:
      return undefined;
  }
}

/** The arguments of a tool call as the model made it, from the assistant message that holds it. */
function argsInMessages(document: RunDocument, toolCallId: string): unknown {
  for (const message of document.messages) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call' && part.toolCallId === toolCallId) return part.input;
    }
  }
  return undefined;
}
