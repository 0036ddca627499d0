/**
 * The web UI's stylesheet, served from `/ui/assets/style.css` (no CDN, no build step). Plain CSS
 * with system fonts; colours carry meaning only together with a text label.
 */
export const STYLES = `
:root {
  --fg: #1c2230; --muted: #5d6677; --line: #dfe3ea; --bg: #f5f6f8; --card: #fff;
  --accent: #2450c8; --accent-soft: #e8eefc; --ok: #1d6f3a; --ok-soft: #e3f4e8;
  --warn: #8a5a00; --warn-soft: #fdf1d8; --bad: #a8251b; --bad-soft: #fbe6e4; --idle: #596273; --idle-soft: #eceef2;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  color: var(--fg); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: #172036; color: #fff; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 10px 24px; }
header.top .brand { font-weight: 700; letter-spacing: .02em; color: #fff; font-size: 17px; }
header.top nav { display: flex; gap: 4px; flex: 1; flex-wrap: wrap; }
header.top nav a { color: #c9d3ea; padding: 6px 10px; border-radius: 6px; }
header.top nav a:hover { background: #24304c; text-decoration: none; color: #fff; }
header.top nav a[aria-current="page"] { background: #2c3a5c; color: #fff; }
.count { display: inline-block; min-width: 20px; padding: 0 6px; margin-left: 4px; border-radius: 10px; background: #f0b429; color: #1c2230; font-size: 12px; font-weight: 700; text-align: center; }
.count.zero { background: #3a4866; color: #c9d3ea; }
.who { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; font-size: 14px; color: #c9d3ea; }
.who form { display: flex; align-items: center; gap: 6px; margin: 0; }
.who select, .who input { font: inherit; font-size: 13px; padding: 3px 6px; border-radius: 5px; border: 1px solid #3a4866; background: #1f2a44; color: #fff; }
.who button { font-size: 13px; padding: 3px 10px; }
.who details { position: relative; }
.who details summary { cursor: pointer; color: #c9d3ea; }
.who details form { position: absolute; right: 0; top: 28px; z-index: 2; background: #1f2a44; padding: 10px; border-radius: 8px; flex-direction: column; align-items: stretch; width: 240px; }
.dev-tag { background: #f0b429; color: #1c2230; font-weight: 700; font-size: 11px; padding: 1px 6px; border-radius: 4px; }
main { flex: 1; width: 100%; max-width: 1180px; margin: 0 auto; padding: 24px; }
footer { color: var(--muted); font-size: 12px; padding: 12px 24px; display: flex; justify-content: space-between; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.card > h2:first-child { margin-top: 0; }
.subtitle { color: var(--muted); margin: 0 0 18px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin-bottom: 16px; }
.flash { border-radius: 8px; padding: 10px 14px; margin-bottom: 16px; border: 1px solid; }
.flash.notice { background: var(--ok-soft); border-color: #b7dfc3; color: var(--ok); }
.flash.error { background: var(--bad-soft); border-color: #f1bcb6; color: var(--bad); }
table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 14px; }
th { background: #fafbfc; color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
tr:last-child td { border-bottom: 0; }
tr.group td { background: #f8f9fb; color: var(--muted); font-size: 13px; }
td.args, .mono, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
td.args { max-width: 320px; overflow-wrap: anywhere; }
pre { background: #f3f5f8; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; overflow: auto; }
.quote { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid var(--line); padding-left: 10px; margin: 4px 0; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge.ok { background: var(--ok-soft); color: var(--ok); border-color: #b7dfc3; }
.badge.warn { background: var(--warn-soft); color: var(--warn); border-color: #f0d49a; }
.badge.bad { background: var(--bad-soft); color: var(--bad); border-color: #f1bcb6; }
.badge.idle { background: var(--idle-soft); color: var(--idle); border-color: #d6dae2; }
.badge.info { background: var(--accent-soft); color: var(--accent); border-color: #c5d4f6; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 13px; padding-top: 2px; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 16px; align-items: start; }
@media (max-width: 860px) { .columns { grid-template-columns: 1fr; } }
form.stack { display: flex; flex-direction: column; gap: 10px; }
form.inline { display: flex; gap: 8px; align-items: flex-end; flex-wrap: wrap; margin: 0 0 16px; }
label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; color: var(--muted); }
label.check { flex-direction: row; align-items: center; gap: 6px; }
input, select, textarea { font: inherit; color: var(--fg); padding: 7px 10px; border: 1px solid #c8ced8; border-radius: 6px; background: #fff; }
textarea { min-height: 70px; resize: vertical; }
input:focus, select:focus, textarea:focus, button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button { font: inherit; font-weight: 600; padding: 7px 16px; border-radius: 6px; border: 1px solid #c8ced8; background: #fff; color: var(--fg); cursor: pointer; }
button:hover { background: #f3f5f8; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.primary:hover { background: #1d43ab; }
button.approve { background: var(--ok); border-color: var(--ok); color: #fff; }
button.approve:hover { background: #175c30; }
button.danger { background: #fff; border-color: #e2a39c; color: var(--bad); }
button.danger:hover { background: var(--bad-soft); }
button.link { border: 0; background: none; color: var(--accent); padding: 0; font-weight: 400; }
.decide { display: grid; gap: 14px; }
.decide form { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.hint { font-size: 13px; padding: 8px 12px; border-radius: 6px; background: var(--accent-soft); color: #1d3a8a; }
.hint.warn { background: var(--warn-soft); color: var(--warn); }
.suggestions { display: flex; flex-wrap: wrap; gap: 6px; }
.suggestions button { font-weight: 400; font-size: 13px; padding: 3px 10px; border-radius: 14px; }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 18px; border-left: 2px solid var(--line); }
ol.timeline > li { position: relative; margin: 0 0 14px; padding: 10px 14px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
ol.timeline > li::before { content: ""; position: absolute; left: -26px; top: 14px; width: 12px; height: 12px; border-radius: 50%; background: var(--idle); border: 2px solid var(--bg); }
ol.timeline > li.model::before { background: var(--accent); }
ol.timeline > li.user::before { background: #7b5cd6; }
ol.timeline > li.done::before { background: var(--ok); }
ol.timeline > li.wait::before { background: #f0b429; }
ol.timeline > li.fail::before { background: var(--bad); }
.event-head { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; margin-bottom: 4px; }
.event-head strong { font-size: 14px; }
.call { border-top: 1px dashed var(--line); margin-top: 8px; padding-top: 8px; }
.decision { font-size: 13px; margin: 4px 0; }
.spans { list-style: none; padding: 0; margin: 4px 0; font-size: 13px; }
.spans li { padding: 2px 0; }
.spans .depth-1 { padding-left: 18px; } .spans .depth-2 { padding-left: 36px; } .spans .depth-3 { padding-left: 54px; }
.spans .depth-4 { padding-left: 72px; } .spans .depth-5 { padding-left: 90px; } .spans .depth-6 { padding-left: 108px; }
.pager { display: flex; gap: 16px; margin: 12px 0; }
.empty { text-align: center; color: var(--muted); padding: 24px; }
.verify { display: flex; align-items: center; gap: 10px; }
.verify .mark { font-size: 22px; font-weight: 700; }
.verify.ok .mark { color: var(--ok); }
.verify.bad .mark { color: var(--bad); }
.live-indicator[data-state="live"] { color: var(--ok); }
.live-indicator[data-state="offline"] { color: var(--warn); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
