import type { Handler } from 'hono';
import { AccessDeniedError } from '../../errors/access-denied-error.js';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { clearUiCookie, setUiCookie, UI_COOKIES } from '../cookies.js';
import { CSRF_FIELD, csrfProblem } from '../csrf.js';
import { setFlash } from '../flash.js';
import { loginPath } from '../open-request.js';
import { errorPage } from '../pages/error-page.js';
import { redirectTo, safeNext } from '../respond.js';
import type { UiState } from '../ui-state.js';
import { readForm } from './form-action.js';

/**
 * `POST /ui/login`: verifies a pasted bearer token with the AgentOS authenticator (exactly as the
 * API verifies `Authorization: Bearer`) and keeps it in an HttpOnly, SameSite=Strict cookie.
 */
export function loginAction(ui: UiState): Handler {
  return async (context) => {
    const form = await readForm(context);
    const problem = csrfProblem(context, form[CSRF_FIELD]);
    if (problem !== undefined)
      return errorPage(ui, context, undefined, new AccessDeniedError('unknown', 'csrf', problem));
    const next = safeNext(form.next);
    const token = (form.token ?? '').trim();
    const back = loginPath(next);
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
