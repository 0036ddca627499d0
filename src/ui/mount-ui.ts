import { createHash } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { AuthenticationError } from '../errors/authentication-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { streamBus } from '../server/sse.js';
import { cancelAction } from './actions/cancel-action.js';
import { decideAction } from './actions/decide-action.js';
import { formAction } from './actions/form-action.js';
import { loginAction } from './actions/login-action.js';
import { logoutAction } from './actions/logout-action.js';
import { resolveAction } from './actions/resolve-action.js';
import { startRunAction } from './actions/start-run-action.js';
import { switchUserAction } from './actions/switch-user-action.js';
import { LIVE_SCRIPT } from './assets/live-script.js';
import { STYLES } from './assets/styles.js';
import { approvalPath, runPath } from './components/paths.js';
import { ensureCsrfToken } from './csrf.js';
import { takeFlash } from './flash.js';
import { openRequest } from './open-request.js';
import { approvalPage } from './pages/approval-page.js';
import { auditPage } from './pages/audit-page.js';
import { errorPage } from './pages/error-page.js';
import { inboxPage } from './pages/inbox-page.js';
import { loginPage } from './pages/login-page.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { startRunPage } from './pages/start-run-page.js';
import { safeNext } from './respond.js';
import type { UiOptions } from './ui-options.js';
import { defaultDevUsers, sessionIdentity } from './ui-session.js';
import type { UiRequest, UiState } from './ui-state.js';

/** The Content-Security-Policy of every UI response: nothing inline, nothing from another origin. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const securityHeaders: MiddlewareHandler = async (context, next) => {
  await next();
  const headers = context.res.headers;
  headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('x-frame-options', 'DENY');
  headers.set('referrer-policy', 'same-origin');
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
};

type PageHandler = (ui: UiState, request: UiRequest) => Promise<Response>;

function page(ui: UiState, handler: PageHandler) {
  return async (context: Context): Promise<Response> => {
    let request: UiRequest | undefined;
    try {
      const opened = await openRequest(ui, context);
      if (opened instanceof Response) return opened;
      request = opened;
      return await handler(ui, request);
    } catch (error) {
      return errorPage(ui, context, request, error);
    }
  };
}

function asset(body: string, contentType: string) {
  return (context: Context) =>
    context.body(body, 200, {
      'content-type': contentType,
      'cache-control': context.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
}

/**
 * Mounts the web UI on an AgentOS app: the approval inbox at `/`, and under `/ui/` the approval,
 * runs, run, audit and start-run pages, the login and user picker, the form actions (CSRF-checked,
 * post-redirect-get), the stylesheet and script, and `/ui/events` (the live updates, authenticated
 * by the session cookie). Every page and action calls the AgentOS's services with the session's
 * identity, verified by the AgentOS's authenticator. The REST routes are left as they are.
 */
export function mountUi(app: Hono, options: UiOptions): void {
  const ui: UiState = {
    ...options,
    devUsers: options.devUsers ?? defaultDevUsers(options.services.registry),
    assetVersion: createHash('sha256').update(STYLES).update(LIVE_SCRIPT).digest('hex').slice(0, 12),
  };
  app.use('/', securityHeaders);
  app.use('/ui', securityHeaders);
  app.use('/ui/*', securityHeaders);

  app.get('/', page(ui, inboxPage));
  app.get('/ui', (context) => context.redirect('/', 308));
  app.get('/ui/assets/style.css', asset(STYLES, 'text/css; charset=utf-8'));
  app.get('/ui/assets/live.js', asset(LIVE_SCRIPT, 'text/javascript; charset=utf-8'));

  app.get('/ui/events', async (context) => {
    try {
      const identity = await sessionIdentity(ui, ui.devUsers, context);
      if (identity === undefined) throw new AuthenticationError('Sign in to follow live updates.');
    } catch (error) {
      if (error instanceof AuthenticationError) return context.text(error.message, 401);
      throw error;
    }
    const runId = context.req.query('runId') || undefined;
    return streamBus(context, ui.services.bus, (event) => runId === undefined || event.runId === runId);
  });

  app.get('/ui/login', (context) =>
    loginPage(ui, context, ensureCsrfToken(context), takeFlash(context), safeNext(context.req.query('next'))),
  );
  app.post('/ui/login', loginAction(ui));
  app.post('/ui/logout', logoutAction(ui));
  app.post(
    '/ui/session',
    formAction(ui, () => '/', switchUserAction(ui)),
  );

  app.get('/ui/start', page(ui, startRunPage));
  app.get('/ui/runs', page(ui, runsPage));
  app.post(
    '/ui/runs',
    formAction(ui, () => '/ui/start', startRunAction(ui)),
  );
  app.get(
    '/ui/runs/:runId',
    page(ui, (state, request) => runPage(state, request, request.context.req.param('runId') ?? '')),
  );
  const backToRun = (context: Context) => runPath(context.req.param('runId') ?? '');
  app.post('/ui/runs/:runId/decide', formAction(ui, backToRun, decideAction(ui)));
  app.post('/ui/runs/:runId/cancel', formAction(ui, backToRun, cancelAction(ui)));
  app.get(
    '/ui/approvals/:id',
    page(ui, (state, request) => approvalPage(state, request, request.context.req.param('id') ?? '')),
  );
  app.post(
    '/ui/approvals/:id/resolve',
    formAction(ui, (context) => approvalPath(context.req.param('id') ?? ''), resolveAction(ui)),
  );
  app.get('/ui/audit', page(ui, auditPage));
  app.all(
    '/ui/*',
    page(ui, async (_state, request) => {
      const path = new URL(request.context.req.url).pathname;
      throw new NotFoundError('page', path, `The web UI has no page at ${path}.`);
    }),
  );
}
