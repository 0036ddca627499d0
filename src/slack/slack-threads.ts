import { createHmac, timingSafeEqual } from 'node:crypto';

/** A Slack conversation thread: the channel and the timestamp of its first message. */
export interface SlackThread {
  channel: string;
  threadTs: string;
}

const PREFIX = 'slack:';

/**
 * Turns a Slack thread into the session id of the runs started in it, and back. The session id
 * is where the thread is kept durably (the run document and its approval records carry it), so a
 * run resumed in any process still knows where to post its answer. It carries an HMAC tag under
 * the signing secret: a session id chosen through the HTTP API cannot make the bot post into a
 * channel.
 */
export class SlackThreads {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** The session id of a thread: `slack:<channel>:<threadTs>:<tag>`. */
  sessionIdOf(thread: SlackThread): string {
    return `${PREFIX}${thread.channel}:${thread.threadTs}:${this.#tag(thread)}`;
  }

  /** The thread of a session id made by {@link sessionIdOf}, or `null` for any other session id. */
  threadOf(sessionId: string): SlackThread | null {
    if (!sessionId.startsWith(PREFIX)) return null;
    const [channel, threadTs, tag, ...rest] = sessionId.slice(PREFIX.length).split(':');
    if (!channel || !threadTs || !tag || rest.length > 0) return null;
    const expected = Buffer.from(this.#tag({ channel, threadTs }));
    const given = Buffer.from(tag);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { channel, threadTs };
  }

  #tag(thread: SlackThread): string {
    return createHmac('sha256', this.#secret)
      .update(`countersign-slack-session:${thread.channel}:${thread.threadTs}`)
      .digest('hex')
      .slice(0, 20);
  }
}
