import type { AgentOS } from '../../src/server/agent-os.js';

/** A page or redirect as the browser would get it. */
export interface UiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The redirect target, for a 3xx. */
  location: string | null;
}

/**
 * A cookie-keeping client for the web UI, in-process through `app.request()`: it sends its cookies,
 * keeps the ones the server sets, and posts forms with the session's CSRF token and a same-site
 * `Origin`, as a browser would.
 */
export class UiClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly os: AgentOS) {}

  #cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async #send(path: string, init: RequestInit): Promise<UiResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.#cookieHeader());
    const response = await this.os.app.request(path, { ...init, headers });
    this.#keep(response);
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: response.headers.get('location'),
    };
  }

  /** GETs a page (without following redirects). */
  get(path: string, headers: Record<string, string> = {}): Promise<UiResponse> {
    return this.#send(path, { method: 'GET', headers });
  }

  /** GETs a page, following redirects. */
  async open(path: string): Promise<UiResponse> {
    let response = await this.get(path);
    for (let hops = 0; response.location !== null && hops < 5; hops++)
      response = await this.get(response.location);
    return response;
  }

  /** The session's CSRF token (a page must have been opened first). */
  get csrf(): string {
    const token = this.cookies.get('cs_csrf');
    if (token === undefined) throw new Error('no CSRF cookie yet: open a page first');
    return token;
  }

  /** POSTs a form with the CSRF token (unless given) and a same-site Origin; does not follow the redirect. */
  post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<UiResponse> {
    const body = new URLSearchParams({ csrf: this.cookies.get('cs_csrf') ?? '', ...fields });
    return this.#send(path, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        ...headers,
      },
    });
  }

  /** POSTs a form and opens the page it redirects to. */
  async submit(path: string, fields: Record<string, string>): Promise<UiResponse> {
    const response = await this.post(path, fields);
    if (response.location === null) return response;
    return this.open(response.location);
  }

  /** Switches the dev-mode user through the picker. */
  async as(userId: string): Promise<void> {
    if (!this.cookies.has('cs_csrf')) await this.get('/');
    const response = await this.post('/ui/session', { user: userId, next: '/' });
    if (response.status !== 303) throw new Error(`switching to ${userId} answered ${response.status}`);
  }
}

/** The visible text of an HTML page, roughly: tags dropped, entities decoded, whitespace collapsed. */
export function textOf(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
