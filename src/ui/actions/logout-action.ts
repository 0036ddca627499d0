import type { Handler } from 'hono';
import { AccessDeniedError } from '../../errors/access-denied-error.js';
import { clearUiCookie, UI_COOKIES } from '../cookies.js';
import { CSRF_FIELD, csrfProblem } from '../csrf.js';
import { errorPage } from '../pages/error-page.js';
import { redirectTo } from '../respond.js';
import type { UiState } from '../ui-state.js';
import { readForm } from './form-action.js';

/** `POST /ui/logout`: forgets the session (token and picked user). */
export function logoutAction(ui: UiState): Handler {
  return async (context) => {
    const form = await readForm(context);
    const problem = csrfProblem(context, form[CSRF_FIELD]);
    if (problem !== undefined)
      return errorPage(ui, context, undefined, new AccessDeniedError('unknown', 'csrf', problem));
    for (const name of [UI_COOKIES.token, UI_COOKIES.user, UI_COOKIES.roles]) clearUiCookie(context, name);
    return redirectTo(context, ui.dev ? '/' : '/ui/login');
  };
}
