import { StorageError } from '../errors/storage-error.js';
import { RUN_DOCUMENT_VERSION, type RunDocument } from './run-document.js';

/** Upgrades from version N to N+1, indexed by N. Add one entry per schema change; never edit old ones. */
const UPGRADES: Record<number, (document: Record<string, unknown>) => Record<string, unknown>> = {};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a stored run document cheaply (version and the fields the loop relies on) and upgrades
 * documents written by older versions. A document from a newer version, or one that is not a
 * run document, is a `StorageError` naming the run.
 */
export function upgradeRunDocument(value: unknown): RunDocument {
  if (!isObject(value))
    throw new StorageError('A stored run is not a JSON object; the runs table may be corrupted.');
  let document = value;
  const runId = typeof document.runId === 'string' ? document.runId : '(unknown id)';
  let version = document.v;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StorageError(
      `Stored run ${runId} has no valid schema version (v = ${JSON.stringify(version)}).`,
    );
  }
  if (version > RUN_DOCUMENT_VERSION) {
    throw new StorageError(
      `Stored run ${runId} was written by a newer Countersign (document version ${version}, this one reads up to ${RUN_DOCUMENT_VERSION}). Upgrade countersign.`,
    );
  }
  while (version < RUN_DOCUMENT_VERSION) {
    const upgrade = UPGRADES[version];
    if (!upgrade) throw new StorageError(`No upgrade from run document version ${version}.`);
    document = upgrade(document);
    version += 1;
    document.v = version;
  }
  const missing = [
    'runId',
    'agentId',
    'sessionId',
    'status',
    'messages',
    'requirements',
    'pendingResults',
    'toolCalls',
    'usage',
  ].filter((key) => document[key] === undefined);
  if (missing.length > 0 || !Array.isArray(document.messages) || !Array.isArray(document.requirements)) {
    throw new StorageError(
      `Stored run ${runId} is not a valid run document (missing or malformed: ${missing.join(', ') || 'messages/requirements'}).`,
    );
  }
  return document as unknown as RunDocument;
}
