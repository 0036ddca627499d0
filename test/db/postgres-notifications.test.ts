import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../../src/db/postgres/index.js';
import { StorageError, ValidationError } from '../../src/errors/index.js';
import { postgresConnectionString, randomSchemaName } from '../helpers/postgres.js';

// Notifications need no tables: the stores are never migrated, so no schema is created.
let connectionString: string;
let admin: pg.Pool;
const stores: PostgresDb[] = [];

beforeAll(async () => {
  connectionString = await postgresConnectionString();
  admin = new pg.Pool({ connectionString, max: 2 });
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await admin.end();
});

function store(schema: string): PostgresDb {
  const db = new PostgresDb({ connectionString, schema, maxConnections: 2 });
  stores.push(db);
  return db;
}

function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('the condition did not hold in time'));
      else setTimeout(check, 10);
    };
    check();
  });
}

/** Connections listening for a schema (the store names them `countersign listen <schema>`). */
async function listeningConnections(schema: string): Promise<number> {
  const { rows } = await admin.query(
    'select count(*)::int as count from pg_stat_activity where application_name = $1',
    [`countersign listen ${schema}`],
  );
  return rows[0].count as number;
}

describe('PostgresDb notifications', () => {
  it('carries payloads, in order, to subscribers of the same schema in other processes, and only there', async () => {
    const schema = randomSchemaName();
    const sender = store(schema);
    const receiver = store(schema);
    const stranger = store(randomSchemaName());
    const received: string[] = [];
    const overheard: string[] = [];
    await receiver.notifications.subscribe('events', (payload) => received.push(payload));
    await stranger.notifications.subscribe('events', (payload) => overheard.push(payload));

    await sender.notifications.publish('events', ['one', 'two', 'ü'.repeat(3_000)]);
    await sender.notifications.publish('events', ['four']);
    await until(() => received.length === 4);
    expect(received).toEqual(['one', 'two', 'ü'.repeat(3_000), 'four']);

    await stranger.notifications.publish('other', ['elsewhere']);
    await sender.notifications.publish('events', ['five']);
    await until(() => received.length === 5);
    expect(overheard).toEqual([]);
  });

  it('refuses a payload over the limit and sends nothing of its batch', async () => {
    const schema = randomSchemaName();
    const db = store(schema);
    const received: string[] = [];
    await db.notifications.subscribe('events', (payload) => received.push(payload));
    await expect(
      db.notifications.publish('events', ['fits', 'x'.repeat(db.notifications.maxPayloadBytes + 1)]),
    ).rejects.toBeInstanceOf(ValidationError);
    await db.notifications.publish('events', ['x'.repeat(db.notifications.maxPayloadBytes)]);
    await until(() => received.length === 1);
    expect(received[0]).toHaveLength(db.notifications.maxPayloadBytes);
  });

  it('stops delivering to a listener that unsubscribed', async () => {
    const schema = randomSchemaName();
    const db = store(schema);
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = await db.notifications.subscribe('events', (payload) => first.push(payload));
    await db.notifications.subscribe('events', (payload) => second.push(payload));
    await db.notifications.publish('events', ['a']);
    await until(() => first.length === 1 && second.length === 1);
    await stopFirst();
    await db.notifications.publish('events', ['b']);
    await until(() => second.length === 2);
    expect(first).toEqual(['a']);
  });

  it('listens again after the database drops its connection', async () => {
    const schema = randomSchemaName();
    const db = store(schema);
    const received: string[] = [];
    await db.notifications.subscribe('events', (payload) => received.push(payload));
    expect(await listeningConnections(schema)).toBe(1);

    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      `countersign listen ${schema}`,
    ]);
    // Publish until the re-opened connection hears it (what is sent while it is down is lost).
    await until(() => {
      if (received.includes('after')) return true;
      db.notifications.publish('events', ['after']).catch(() => {});
      return false;
    });
    expect(await listeningConnections(schema)).toBe(1);
  });

  it('works with a schema name that makes the channel name too long, and keeps such schemas apart', async () => {
    const long = `s${'a'.repeat(61)}`;
    const db = store(`${long}1`);
    const other = store(`${long}2`);
    expect(Buffer.byteLength(db.notifications.channelName('events'))).toBeLessThanOrEqual(63);
    expect(db.notifications.channelName('events')).not.toBe(other.notifications.channelName('events'));
    const received: string[] = [];
    const overheard: string[] = [];
    await db.notifications.subscribe('events', (payload) => received.push(payload));
    await other.notifications.subscribe('events', (payload) => overheard.push(payload));
    await db.notifications.publish('events', ['hello']);
    await until(() => received.length === 1);
    expect(overheard).toEqual([]);
  });

  it('closes its listening connection with the store', async () => {
    const schema = randomSchemaName();
    const db = new PostgresDb({ connectionString, schema, maxConnections: 1 });
    await db.notifications.subscribe('events', () => {});
    expect(await listeningConnections(schema)).toBe(1);
    await db.close();
    let open = await listeningConnections(schema);
    for (let attempt = 0; attempt < 50 && open > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      open = await listeningConnections(schema);
    }
    expect(open).toBe(0);
    await expect(db.notifications.subscribe('events', () => {})).rejects.toBeInstanceOf(StorageError);
  });

  it('says when it cannot listen because the database cannot be reached', async () => {
    const url = new URL(connectionString);
    url.port = '1';
    const db = new PostgresDb({ connectionString: url.toString(), maxConnections: 1 });
    stores.push(db);
    await expect(db.notifications.subscribe('events', () => {})).rejects.toThrow(
      /Could not open the notification connection/,
    );
  });
});
