import { ValidationError } from '../errors/validation-error.js';
import { timeOrderedId } from '../ids/index.js';
import { RUN_DOCUMENT_VERSION, type RunDocument } from './run-document.js';
import { nowSeconds } from './run-runtime.js';

/** What a new run is started with. */
export interface NewRunDocument {
  agentId: string;
  teamId?: string | undefined;
  input: string;
  userId?: string | undefined;
  sessionId?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** For a team member's run: the team run and its delegation call. */
  parent?: { runId: string; toolCallId: string } | undefined;
}

/** The document of a run about to start: the user's message, no steps yet, status `running`. */
export function newRunDocument(entry: NewRunDocument): RunDocument {
  if (typeof entry.input !== 'string' || entry.input.length === 0) {
    throw new ValidationError('run(input): the input must be a non-empty string.', [
      { path: 'input', message: 'must be a non-empty string' },
    ]);
  }
  const now = nowSeconds();
  const document: RunDocument = {
    v: RUN_DOCUMENT_VERSION,
    runId: timeOrderedId(),
    agentId: entry.agentId,
    sessionId: entry.sessionId ?? timeOrderedId(),
    status: 'running',
    input: entry.input,
    messages: [{ role: 'user', content: [{ type: 'text', text: entry.input }] }],
    step: 0,
    usage: { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    requirements: [],
    pendingResults: [],
    toolCalls: [],
    createdAt: now,
    updatedAt: now,
  };
  if (entry.teamId !== undefined) document.teamId = entry.teamId;
  if (entry.parent !== undefined) {
    document.parentRunId = entry.parent.runId;
    document.parentToolCallId = entry.parent.toolCallId;
  }
  if (entry.userId !== undefined) document.userId = entry.userId;
  if (entry.metadata !== undefined) document.metadata = entry.metadata;
  return document;
}
