import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryDb } from '../db/memory/index.js';
import type { NotificationListener, StoreNotifications } from '../db/store.js';
import { makeRunDocument } from '../testing/store-conformance/make-run-document.js';
import { EventBridge } from './event-bridge.js';
import { EventBus, type EventOrigin, type ServerEvent } from './event-bus.js';
import { silentLogger } from './logger.js';

/**
 * Notifications between processes, as a database would carry them: every payload reaches every
 * subscriber of its channel (the sender's own included), later, in the order sent.
 */
class NotificationHub {
  readonly sent: string[] = [];
  readonly #listeners = new Map<string, Set<NotificationListener>>();

  constructor(readonly maxPayloadBytes = 2_000) {}

  endpoint(): StoreNotifications {
    return {
      maxPayloadBytes: this.maxPayloadBytes,
      publish: async (channel, payloads) => {
        this.sent.push(...payloads);
        const listeners = [...(this.#listeners.get(channel) ?? [])];
        setImmediate(() => {
          for (const payload of payloads) for (const listener of listeners) listener(payload);
        });
      },
      subscribe: async (channel, listener) => {
        const listeners = this.#listeners.get(channel) ?? new Set();
        listeners.add(listener);
        this.#listeners.set(channel, listeners);
        return async () => {
          listeners.delete(listener);
        };
      },
    };
  }

  subscribers(channel: string): number {
    return this.#listeners.get(channel)?.size ?? 0;
  }
}

interface Instance {
  bus: EventBus;
  bridge: EventBridge;
  seen: { event: ServerEvent; origin: EventOrigin }[];
}

const bridges: EventBridge[] = [];
afterEach(async () => {
  for (const bridge of bridges.splice(0)) await bridge.close();
});

async function instance(
  hub: NotificationHub,
  db: InMemoryDb,
  instanceId: string,
  options: { receive?: boolean } = {},
): Promise<Instance> {
  const bus = new EventBus();
  const seen: Instance['seen'] = [];
  bus.subscribe((event, _id, origin) => seen.push({ event, origin }));
  const bridge = new EventBridge({
    bus,
    db,
    notifications: hub.endpoint(),
    instanceId,
    logger: silentLogger,
    ...options,
  });
  bridges.push(bridge);
  await bridge.start();
  return { bus, bridge, seen };
}

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 5));
    check();
  });
}

const resolved = (approvalId: string): ServerEvent => ({
  type: 'approval-resolved',
  runId: 'run_1',
  at: 1,
  approvalId,
  toolName: 'issue_refund',
  status: 'approved',
  resolvedBy: 'bob',
});

describe('EventBridge', () => {
  it("publishes another instance's events as remote ones, in order, and never sends them back", async () => {
    const hub = new NotificationHub();
    const db = new InMemoryDb();
    const a = await instance(hub, db, 'a');
    const b = await instance(hub, db, 'b');

    a.bus.publish(resolved('apr_1'));
    a.bus.publish({ type: 'run-cancelled', runId: 'run_1', at: 2 });
    await until(() => b.seen.length === 2);
    expect(b.seen).toEqual([
      { event: resolved('apr_1'), origin: 'remote' },
      { event: { type: 'run-cancelled', runId: 'run_1', at: 2 }, origin: 'remote' },
    ]);

    b.bus.publish(resolved('apr_2'));
    await until(() => a.seen.length === 3);
    // Give any echo time to come round: the hub delivers on the next turns.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(a.seen.map((item) => item.origin)).toEqual(['local', 'local', 'remote']);
    expect(b.seen).toHaveLength(3);
    expect(hub.sent).toHaveLength(3);
  });

  it('sends two equal events as two notifications', async () => {
    const hub = new NotificationHub();
    const db = new InMemoryDb();
    const a = await instance(hub, db, 'a');
    const b = await instance(hub, db, 'b');
    a.bus.publish(resolved('apr_1'));
    a.bus.publish(resolved('apr_1'));
    await until(() => b.seen.length === 2);
    expect(new Set(hub.sent).size).toBe(2);
  });

  it('reads the details of an event too large for a notification back from the stored run', async () => {
    const hub = new NotificationHub(1_000);
    const db = new InMemoryDb();
    const a = await instance(hub, db, 'a');
    const b = await instance(hub, db, 'b');
    const document = makeRunDocument({ status: 'completed', requirements: [], content: 'ü'.repeat(3_000) });
    await db.saveRun(document, { expectedVersion: null });

    const large: ServerEvent = {
      type: 'run-completed',
      runId: document.runId,
      at: 3,
      content: document.content,
      usage: document.usage,
    };
    a.bus.publish(large);
    // Published right after it: must not overtake the event that is being completed.
    a.bus.publish({ type: 'run-cancelled', runId: document.runId, at: 4 });
    await until(() => b.seen.length === 2);
    expect(b.seen.map((item) => item.event)).toEqual([
      large,
      { type: 'run-cancelled', runId: document.runId, at: 4 },
    ]);
    expect(hub.sent.every((payload) => Buffer.byteLength(payload) <= 1_000)).toBe(true);
  });

  it('lists the details it could not read back when the run is not in the store', async () => {
    const hub = new NotificationHub(1_000);
    const db = new InMemoryDb();
    const a = await instance(hub, db, 'a');
    const b = await instance(hub, db, 'b');
    a.bus.publish({
      type: 'run-started',
      runId: 'run_gone',
      at: 5,
      agentId: 'x',
      sessionId: 's',
      input: 'y'.repeat(2_000),
    });
    await until(() => b.seen.length === 1);
    expect(b.seen[0]?.event).toEqual({
      type: 'run-started',
      runId: 'run_gone',
      at: 5,
      agentId: 'x',
      sessionId: 's',
      omitted: ['input'],
    });
  });

  it('only sends when it does not receive, and sends what is queued before it closes', async () => {
    const hub = new NotificationHub();
    const db = new InMemoryDb();
    const cli = await instance(hub, db, 'cli', { receive: false });
    const server = await instance(hub, db, 'server');
    expect(hub.subscribers('events')).toBe(1);

    cli.bus.publish(resolved('apr_9'));
    await cli.bridge.close();
    expect(hub.sent).toHaveLength(1);
    await until(() => server.seen.length === 1);
    expect(server.seen[0]).toEqual({ event: resolved('apr_9'), origin: 'remote' });

    cli.bus.publish(resolved('apr_10'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hub.sent).toHaveLength(1);
  });
});
