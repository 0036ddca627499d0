import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusOf } from '../../errors/http-status.js';
import { errorBody } from '../../server/middleware/error-handler.js';
import { layout } from '../components/layout.js';
import type { UiRequest, UiState } from '../ui-state.js';

const TITLES: Record<number, string> = {
  400: 'That request was not valid',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  503: 'The store is not available',
};

/**
 * The page for an error: the status from the one status table, the message the API would give
 * (a Countersign error's own message; other errors are withheld and logged).
 */
export function errorPage(
  ui: UiState,
  context: Context,
  request: UiRequest | undefined,
  error: unknown,
): Response | Promise<Response> {
  const status = httpStatusOf(error);
  const body = errorBody(error).error;
  if (status >= 500) {
    ui.services.logger.error(
      `${context.req.method} ${new URL(context.req.url).pathname} failed with ${status}: ${
        error instanceof Error ? (error.stack ?? error.message) : String(error)
      }`,
    );
  }
  const content = html`<h1>${TITLES[status] ?? 'Something went wrong'}</h1>
  <div class="flash error" role="alert">${body.message}</div>
  <p><a href="/">Back to the inbox</a></p>`;
  context.header('cache-control', 'no-store');
  return context.html(
    layout(ui, request, {
      title: TITLES[status] ?? 'Error',
      section: 'none',
      content,
      live: false,
      pendingCount: null,
    }),
    status as ContentfulStatusCode,
  );
}
