/**
 * The web UI's only script, served from `/ui/assets/live.js`: live updates and two small
 * conveniences. It opens `/ui/events` (server-sent events, filtered to the page's run when the
 * page is about one run) and, on each event, fetches the page again and swaps the regions marked
 * `data-live-region` (never one holding the field the user is typing in). Suggestion buttons
 * (`data-fill`) fill the message box. Pages work without it; they just do not update by themselves.
 */
export const LIVE_SCRIPT = `(function () {
  'use strict';
  var body = document.body;

  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('[data-fill]') : null;
    if (!button) return;
    var target = document.getElementById(button.getAttribute('data-fill-target') || 'message');
    if (target) { target.value = button.getAttribute('data-fill'); target.focus(); }
  });

  if (!body || !body.hasAttribute('data-live') || typeof EventSource === 'undefined') return;
  var indicator = document.getElementById('live-indicator');
  var runId = body.getAttribute('data-live-run');
  var url = '/ui/events' + (runId ? '?runId=' + encodeURIComponent(runId) : '');
  var timer = null;
  var busy = false;
  var again = false;
  var types = ['run-started', 'run-paused', 'run-continued', 'run-completed', 'run-error', 'run-cancelled',
    'tool-call-started', 'tool-call-completed', 'tool-call-error',
    'approval-requested', 'approval-resolved', 'approval-expired'];

  function show(state, text) {
    if (!indicator) return;
    indicator.setAttribute('data-state', state);
    indicator.textContent = text;
  }

  function editing(region) {
    var active = document.activeElement;
    if (!active || !region.contains(active)) return false;
    return /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, { headers: { 'x-countersign-live': '1' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error('live refresh: ' + response.status);
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html');
        var regions = document.querySelectorAll('[data-live-region]');
        for (var index = 0; index < regions.length; index++) {
          var region = regions[index];
          if (!region.id || editing(region)) continue;
          var replacement = next.getElementById(region.id);
          if (replacement) region.replaceWith(document.importNode(replacement, true));
        }
        if (next.title) document.title = next.title;
        body.setAttribute('data-live-refreshed', String(Number(body.getAttribute('data-live-refreshed') || 0) + 1));
      })
      .catch(function () { /* the next event or reconnect tries again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; schedule(); }
      });
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(function () { timer = null; refresh(); }, 120);
  }

  // Browsers allow about six connections per server over HTTP/1.1, so a hidden tab lets go of its
  // stream and reconnects (refreshing once) when it is shown again.
  var source = null;
  function connect() {
    if (source !== null) return;
    source = new EventSource(url);
    source.addEventListener('open', function () {
      show('live', 'Live');
      schedule();
    });
    source.addEventListener('error', function () { show('offline', 'Reconnecting\\u2026'); });
    for (var index = 0; index < types.length; index++) source.addEventListener(types[index], schedule);
  }
  function disconnect(text) {
    if (source === null) return;
    source.close();
    source = null;
    show('paused', text);
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') disconnect('Paused while hidden');
    else connect();
  });
  window.addEventListener('pagehide', function () { disconnect('Closed'); });
  window.addEventListener('pageshow', function () { if (document.visibilityState !== 'hidden') connect(); });
  if (document.visibilityState !== 'hidden') connect();
})();
`;
