import { afterEach } from 'vitest';
import type { Store } from '../../src/db/store.js';
import type { AgentOS } from '../../src/server/agent-os.js';
import type { RunTarget } from '../../src/server/run-target.js';
import { SlackInterface, type SlackInterfaceOptions } from '../../src/slack/index.js';
import { type collectingLogger, demoServer } from '../helpers/server.js';
import { FakeSlack, type FakeUser } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-requests.js';

/** The Slack workspace of the tests: who is who, and which Countersign identity each maps to. */
export const USERS: FakeUser[] = [
  { id: 'U0ALICE', email: 'alice@acme.test' },
  { id: 'U0BOB', email: 'bob@acme.test' },
  { id: 'U0CAROL', email: 'carol@acme.test' },
  { id: 'U0DAVE', email: 'dave@acme.test' },
  { id: 'U0STRANGER', email: 'stranger@elsewhere.test' },
];

export const USER_MAP = {
  U0ALICE: { userId: 'alice' },
  U0BOB: { userId: 'bob', roles: ['finance'] },
  U0CAROL: { userId: 'carol', roles: ['finance'] },
  U0DAVE: { userId: 'dave', roles: ['finance'] },
};

export const HELPDESK_CHANNEL = 'C0HELPDESK';
export const FINANCE_CHANNEL = 'C0FINANCE';

/** A dev-mode AgentOS over the demo helpdesk (or the given agents) with Slack pointed at a fake Web API. */
export async function slackServer(
  options: Partial<SlackInterfaceOptions> & { agents?: (db: Store) => RunTarget[] } = {},
): Promise<{
  os: AgentOS;
  db: Store;
  slack: SlackInterface;
  fake: FakeSlack;
  logger: ReturnType<typeof collectingLogger>;
  close: () => Promise<void>;
}> {
  const fake = await new FakeSlack(USERS).start();
  const { agents, ...slackOptions } = options;
  const { SqliteDb } = await import('../../src/db/sqlite/index.js');
  const db = new SqliteDb({ dbFile: ':memory:' });
  const { os, logger } = await demoServer({ db, ...(agents ? { agents: agents(db) } : {}) });
  const slack = new SlackInterface({
    os,
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    agentId: 'helpdesk',
    approverChannels: { finance: FINANCE_CHANNEL },
    userMap: USER_MAP,
    apiBaseUrl: fake.url,
    syncIntervalMs: 0,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...slackOptions,
  });
  return {
    os,
    db,
    slack,
    fake,
    logger,
    close: async () => {
      await slack.close();
      await os.close();
      await fake.stop();
      await db.close();
    },
  };
}

/** The message a chat.postMessage or chat.update carried, with where it went. */
export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON.
  blocks: any[];
}

/** The messages Slack accepted so far (chat.postMessage answered ok), with the ts each got, in order. */
export function posted(fake: FakeSlack): PostedMessage[] {
  return fake
    .callsOf('chat.postMessage')
    .filter((call) => call.response?.ok === true)
    .map((call) => ({ ...call.body, ts: call.response.ts }));
}

/** The updates Slack accepted (chat.update answered ok), in order. */
export function updates(fake: FakeSlack): PostedMessage[] {
  return fake
    .callsOf('chat.update')
    .filter((call) => call.response?.ok === true)
    .map((call) => call.body);
}

/** The value, or a test failure naming what was missing. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, found none.`);
  return value;
}

/** Every text a message shows (blocks as JSON), for "the reader sees X" assertions. */
export function shown(message: { blocks?: unknown[]; text?: string } | undefined): string {
  const found = must(message, 'a Slack message');
  return `${found.text ?? ''} ${JSON.stringify(found.blocks ?? [])}`;
}

/** Whether a message has buttons. */
export function hasButtons(message: { blocks: { type: string }[] } | undefined): boolean {
  return must(message, 'a Slack message').blocks.some((block) => block.type === 'actions');
}

/** What {@link slackServer} starts. */
export type SlackServer = Awaited<ReturnType<typeof slackServer>>;

/**
 * For a test file: starts a {@link slackServer} for a test and closes it after the test, failed
 * ones too. Call it once at the top of the file; each test awaits the function it returns.
 */
export function slackServerPerTest(): (options?: Parameters<typeof slackServer>[0]) => Promise<SlackServer> {
  let current: SlackServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (options) => {
    current = await slackServer(options);
    return current;
  };
}
