import type { Context, Handler } from 'hono';
import { AccessDeniedError } from '../../errors/access-denied-error.js';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { clearUiCookie, setUiCookie, UI_COOKIES } from '../cookies.js';
import { CSRF_FIELD, csrfProblem } from '../csrf.js';
import { setFlash } from '../flash.js';
import { errorPage } from '../pages/error-page.js';
import { redirectTo, safeNext } from '../respond.js';
import type { UiState } from '../ui-state.js';
import type { ActionHandler } from './form-action.js';
import { optionalText } from './form-values.js';

/** How long the dev-mode picker remembers the user: 30 days. */
const DEV_USER_MAX_AGE = 30 * 24 * 3600;

async function textFields(context: Context): Promise<Record<string, string>> {
  const body = await context.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

/**
 * `POST /ui/session` (dev mode only): switches the user, to a preset of the picker or any user id
 * with roles. The choice is a cookie that stands in for the API's `X-User-Id` / `X-User-Roles`.
 */
export function switchUserAction(ui: UiState): ActionHandler {
  return async (request, form) => {
    if (!ui.dev) {
      throw new AccessDeniedError(
        request.identity.userId,
        'not-dev-mode',
        'The user picker exists only in dev mode; sign in with a token.',
      );
    }
    const custom = optionalText(form, 'userId');
    let userId: string;
    let roles: string[];
    if (custom !== undefined) {
      userId = custom.slice(0, 200);
      roles = (form.roles ?? '').split(/[\s,]+/).filter((role) => role !== '');
    } else {
      const preset = ui.devUsers.find((user) => user.userId === form.user);
      if (preset === undefined) {
        throw new ValidationError('Pick a user from the list, or give a user id.', [
          { path: 'user', message: 'is unknown' },
        ]);
      }
      userId = preset.userId;
      roles = preset.roles;
    }
    const { context } = request;
    clearUiCookie(context, UI_COOKIES.token);
    setUiCookie(context, UI_COOKIES.user, userId, DEV_USER_MAX_AGE);
    setUiCookie(context, UI_COOKIES.roles, roles.join(','), DEV_USER_MAX_AGE);
    return {
      redirect: safeNext(form.next),
      flash: {
        kind: 'notice',
        message: `You are now ${userId}${roles.length > 0 ? ` (${roles.join(', ')})` : ''}.`,
      },
    };
  };
}

/**
 * `POST /ui/login`: verifies a pasted bearer token with the AgentOS authenticator (exactly as the
 * API verifies `Authorization: Bearer`) and keeps it in an HttpOnly, SameSite=Strict cookie.
 */
export function loginAction(ui: UiState): Handler {
  return async (context) => {
    const form = await textFields(context);
    const problem = csrfProblem(context, form[CSRF_FIELD]);
    if (problem !== undefined)
      return errorPage(ui, context, undefined, new AccessDeniedError('unknown', 'csrf', problem));
    const next = safeNext(form.next);
    const token = (form.token ?? '').trim();
    const back = next === '/' ? '/ui/login' : `/ui/login?${new URLSearchParams({ next }).toString()}`;
    if (token === '' || /\s/.test(token)) {
      setFlash(context, { kind: 'error', message: 'Paste one token (a JWT or an API key), without spaces.' });
      return redirectTo(context, back);
    }
    try {
      const identity = await ui.authenticate(
        new Request(context.req.url, { headers: { authorization: `Bearer ${token}` } }),
      );
      setUiCookie(context, UI_COOKIES.token, token);
      clearUiCookie(context, UI_COOKIES.user);
      clearUiCookie(context, UI_COOKIES.roles);
      setFlash(context, { kind: 'notice', message: `Signed in as ${identity.userId}.` });
      return redirectTo(context, next);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      ui.services.logger.warn(`UI sign-in refused: ${error.message}`);
      setFlash(context, { kind: 'error', message: error.message });
      return redirectTo(context, back);
    }
  };
}

/** `POST /ui/logout`: forgets the session (token and picked user). */
export function logoutAction(ui: UiState): Handler {
  return async (context) => {
    const form = await textFields(context);
    const problem = csrfProblem(context, form[CSRF_FIELD]);
    if (problem !== undefined)
      return errorPage(ui, context, undefined, new AccessDeniedError('unknown', 'csrf', problem));
    for (const name of [UI_COOKIES.token, UI_COOKIES.user, UI_COOKIES.roles]) clearUiCookie(context, name);
    return redirectTo(context, ui.dev ? '/' : '/ui/login');
  };
}
