import type { ServerEvent } from './event-bus.js';

/**
 * How an event travels between AgentOS instances in one store notification: the sending
 * instance, its sequence number (so that two equal events of one batch stay two notifications:
 * PostgreSQL folds identical payloads of one transaction), and the event, without the fields
 * listed in `omitted` when the whole event would not fit in a notification.
 */
export interface EventEnvelope {
  origin: string;
  sequence: number;
  event: ServerEvent;
  omitted?: string[];
}

/**
 * Fields that say what happened to what: always sent, so a receiver can filter and fetch. The
 * others (`input`, `args`, `result`, `content`, `requirements`, `usage`, `error`) can be large.
 */
const IDENTIFYING_FIELDS = new Set([
  'type',
  'runId',
  'at',
  'agentId',
  'sessionId',
  'userId',
  'toolCallId',
  'toolName',
  'approvalId',
  'requirementId',
  'status',
  'resolvedBy',
  'approverRole',
  'expiresAt',
  'hookName',
  'stage',
  'outcome',
  'background',
  'checkTrigger',
  'attempt',
  'willRetry',
]);

/**
 * Encodes an event for a notification of at most `maxBytes` UTF-8 bytes. When the whole event is
 * larger, its largest detail fields are left out (and listed in `omitted`) until it fits; returns
 * `undefined` when even the identifying fields do not fit.
 */
export function encodeEnvelope(
  envelope: Omit<EventEnvelope, 'omitted'>,
  maxBytes: number,
): string | undefined {
  const whole = JSON.stringify(envelope);
  if (Buffer.byteLength(whole) <= maxBytes) return whole;
  const event: Record<string, unknown> = { ...envelope.event };
  const details = Object.keys(event)
    .filter((name) => !IDENTIFYING_FIELDS.has(name))
    .map((name) => ({ name, bytes: Buffer.byteLength(JSON.stringify(event[name]) ?? '') }))
    .sort((left, right) => right.bytes - left.bytes);
  const omitted: string[] = [];
  for (const detail of details) {
    delete event[detail.name];
    omitted.push(detail.name);
    const compact = JSON.stringify({ ...envelope, event, omitted });
    if (Buffer.byteLength(compact) <= maxBytes) return compact;
  }
  return undefined;
}

/** Reads an envelope from a notification payload; `undefined` for anything else. */
export function decodeEnvelope(payload: string): EventEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { origin, sequence, event, omitted } = parsed as Record<string, unknown>;
  if (typeof origin !== 'string' || typeof sequence !== 'number') return undefined;
  if (typeof event !== 'object' || event === null) return undefined;
  const { type, runId } = event as Record<string, unknown>;
  if (typeof type !== 'string' || typeof runId !== 'string') return undefined;
  const names = Array.isArray(omitted) ? omitted.filter((name) => typeof name === 'string') : [];
  return {
    origin,
    sequence,
    event: event as ServerEvent,
    ...(names.length > 0 ? { omitted: names } : {}),
  };
}
