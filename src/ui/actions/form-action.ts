import type { Context, Handler } from 'hono';
import { AccessDeniedError } from '../../errors/access-denied-error.js';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { httpStatusOf } from '../../errors/http-status.js';
import { errorBody } from '../../server/middleware/error-handler.js';
import { clearUiCookie, UI_COOKIES } from '../cookies.js';
import { CSRF_FIELD, csrfProblem } from '../csrf.js';
import { type Flash, setFlash } from '../flash.js';
import { loginPath } from '../open-request.js';
import { errorPage } from '../pages/error-page.js';
import { redirectTo } from '../respond.js';
import { sessionIdentity } from '../ui-session.js';
import type { UiRequest, UiState } from '../ui-state.js';

/** A posted form's text fields (files are ignored; a repeated field keeps its last value). */
export type FormFields = Record<string, string>;

/** Where a form action sends the browser next, and what it tells the user there. */
export interface ActionResult {
  redirect: string;
  flash?: Flash;
}

/** What a form action does once the form passed its CSRF check and the user is verified. */
export type ActionHandler = (request: UiRequest, form: FormFields) => Promise<ActionResult>;

/** The text fields of a posted form. */
export async function readForm(context: Context): Promise<FormFields> {
  const body = await context.req.parseBody();
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (typeof last === 'string') fields[name] = last;
  }
  return fields;
}

/**
 * A form post of the UI (post, redirect, get): the CSRF check (same-site `Origin`, and the form's
 * token against the session's), the verified identity, then the action. An error of the action
 * becomes a one-time error message on the page it returns to (`back`), with the same message the
 * API would give; a refused CSRF check is a 403 page.
 */
export function formAction(ui: UiState, back: (context: Context) => string, handler: ActionHandler): Handler {
  return async (context) => {
    const form = await readForm(context);
    const problem = csrfProblem(context, form[CSRF_FIELD]);
    if (problem !== undefined)
      return errorPage(ui, context, undefined, new AccessDeniedError('unknown', 'csrf', problem));
    const returnTo = back(context);
    let identity: UiRequest['identity'] | undefined;
    try {
      identity = await sessionIdentity(ui, ui.devUsers, context);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      clearUiCookie(context, UI_COOKIES.token);
      setFlash(context, { kind: 'error', message: `Please sign in again: ${error.message}` });
    }
    if (identity === undefined) return redirectTo(context, loginPath(returnTo));
    const request: UiRequest = {
      context,
      identity,
      csrf: form[CSRF_FIELD] ?? '',
      flash: undefined,
      live: false,
    };
    try {
      const result = await handler(request, form);
      if (result.flash) setFlash(context, result.flash);
      return redirectTo(context, result.redirect);
    } catch (error) {
      if (httpStatusOf(error) >= 500) {
        ui.services.logger.error(
          `${context.req.method} ${new URL(context.req.url).pathname} failed: ${
            error instanceof Error ? (error.stack ?? error.message) : String(error)
          }`,
        );
      }
      setFlash(context, { kind: 'error', message: errorBody(error).error.message });
      return redirectTo(context, returnTo);
    }
  };
}
