import { AccessDeniedError } from '../../errors/access-denied-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { clearUiCookie, setUiCookie, UI_COOKIES } from '../cookies.js';
import { safeNext } from '../respond.js';
import type { UiState } from '../ui-state.js';
import type { ActionHandler } from './form-action.js';
import { optionalText } from './form-values.js';

/** How long the dev-mode picker remembers the user: 30 days. */
const DEV_USER_MAX_AGE = 30 * 24 * 3600;

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
