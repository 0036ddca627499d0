import { SystemError } from './countersign-error.js';

/**
 * A Slack Web API call failed: Slack answered `ok: false`, an HTTP error, or could not be reached,
 * after the retries that apply (rate limits and transient failures are retried first).
 */
export class SlackApiError extends SystemError {
  constructor(
    /** The Web API method, such as `chat.postMessage`. */
    readonly method: string,
    /** Slack's error code (`channel_not_found`, `ratelimited`), `http_<status>`, or `network_error`. */
    readonly code: string,
    message: string,
    /** How many times the call was tried. */
    readonly attempts: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}
