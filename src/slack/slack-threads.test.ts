import { describe, expect, it } from 'vitest';
import { SlackThreads } from './slack-threads.js';

describe('SlackThreads', () => {
  it('turns a thread into a session id and back', () => {
    const threads = new SlackThreads('secret');
    const sessionId = threads.sessionIdOf({ channel: 'C0HELP', threadTs: '1790000000.000100' });
    expect(sessionId).toMatch(/^slack:C0HELP:1790000000\.000100:[0-9a-f]{20}$/);
    expect(threads.threadOf(sessionId)).toEqual({ channel: 'C0HELP', threadTs: '1790000000.000100' });
  });

  it('knows no thread for a session id it did not make, so an API caller cannot steer the bot into a channel', () => {
    const threads = new SlackThreads('secret');
    const genuine = threads.sessionIdOf({ channel: 'C0HELP', threadTs: '1.1' });
    const tag = genuine.split(':').at(-1);
    expect(threads.threadOf(`slack:C0GENERAL:1.1:${tag}`)).toBeNull();
    expect(new SlackThreads('another secret').threadOf(genuine)).toBeNull();
    expect(threads.threadOf('slack:C0HELP:1.1')).toBeNull();
    expect(threads.threadOf(`${genuine}:extra`)).toBeNull();
    expect(threads.threadOf('session-1')).toBeNull();
  });
});
