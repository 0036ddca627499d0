import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDb } from '../../src/db/sqlite/index.js';
import { AgentOS } from '../../src/server/agent-os.js';
import { createDemoAgent } from '../../src/server/demo/demo-agent.js';
import { collectingLogger } from '../helpers/server.js';

/** Debian's Chromium; CI installs it (.ci/run). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots', import.meta.url));
/** Screenshots are written only on request, so a test run leaves the tree clean. */
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const WAIT = { timeout: 10_000 };

let browser: Browser;
let server: AgentOS;
let db: SqliteDb;
let baseUrl: string;
let directory: string;

async function screenshot(page: Page, name: string): Promise<void> {
  if (!UPDATE_SCREENSHOTS) return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Switches the dev-mode user with the header's picker and waits for the page it returns to. */
async function pickUser(page: Page, userId: string): Promise<void> {
  await page.selectOption('#user-picker', userId);
  await Promise.all([
    page.waitForURL(() => true, WAIT),
    page.getByRole('button', { name: 'Switch' }).click(),
  ]);
  await page.getByText(`You are now ${userId}`).waitFor(WAIT);
}

/** Starts a run from the start-run page as the current user and returns its page's path. */
async function startRun(page: Page, message: string): Promise<string> {
  await page.goto(`${baseUrl}/ui/start`);
  await page.getByLabel('Message').fill(message);
  await Promise.all([
    page.waitForURL(/\/ui\/runs\/[\w-]+$/, WAIT),
    page.getByRole('button', { name: 'Send' }).click(),
  ]);
  return new URL(page.url()).pathname;
}

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: baseUrl });
}

/** Why the browser cannot start, when Chromium is missing: every test fails with this. */
const missingChromium = fs.existsSync(CHROMIUM)
  ? undefined
  : `Chromium was not found at ${CHROMIUM}; the browser tests need it. Install it with ` +
    '`apt-get install chromium` (CI does this in .ci/run), or point CHROMIUM_PATH at a Chromium binary.';

/** Fails the test at once, with the install instruction, when Chromium is missing. */
function needChromium(): void {
  if (missingChromium !== undefined) throw new Error(missingChromium);
}

beforeAll(async () => {
  if (missingChromium !== undefined) return;
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-browser-'));
  db = new SqliteDb({ dbFile: path.join(directory, 'countersign.db') });
  await db.migrate();
  server = new AgentOS({ db, dev: true, logger: collectingLogger(), agents: [createDemoAgent({ db })] });
  baseUrl = (await server.serve({ port: 0 })).url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
  if (directory) fs.rmSync(directory, { recursive: true, force: true });
});

describe('the web UI in Chromium', () => {
  it('starts a run, refuses a self-approval, and updates the open run page to completed when bob approves', async () => {
    needChromium();
    const context = await newContext();
    const runTab = await context.newPage();
    await runTab.goto('/');
    await runTab.getByRole('heading', { name: 'Approval inbox' }).waitFor(WAIT);
    await screenshot(runTab, 'start-from-inbox');
    // A first visitor tries the demo from the inbox: one click fills the message box.
    await runTab.getByRole('button', { name: 'Refund order 1234 for $250' }).click();
    await Promise.all([
      runTab.waitForURL(/\/ui\/runs\/[\w-]+$/, WAIT),
      runTab.getByRole('button', { name: 'Send' }).click(),
    ]);
    await runTab.locator('#run-status', { hasText: 'Awaiting approval' }).waitFor(WAIT);
    await runTab.locator('#live-indicator[data-state="live"]').waitFor(WAIT);
    await runTab.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    const approverTab = await context.newPage();
    await approverTab.goto('/ui/runs');
    await approverTab
      .locator('tr', { hasText: 'Refund order 1234 for $250' })
      .getByText('Awaiting approval')
      .waitFor(WAIT);
    await screenshot(approverTab, 'runs');
    await approverTab.goto('/');
    await approverTab.getByRole('heading', { name: 'Pending (1)' }).waitFor(WAIT);
    await screenshot(approverTab, 'inbox');
    await Promise.all([
      approverTab.waitForURL(/\/ui\/approvals\//, WAIT),
      approverTab.getByRole('link', { name: 'issue_refund' }).click(),
    ]);

    // alice asked for the refund: her approval is refused, with the reason.
    await approverTab.getByRole('button', { name: 'Approve' }).click();
    await approverTab.getByText('alice requested the issue_refund call').waitFor(WAIT);
    expect(await approverTab.locator('#approval-status').innerText()).toBe('Pending');

    await pickUser(approverTab, 'bob');
    await approverTab.getByText('You hold the finance role, so you may decide.').waitFor(WAIT);
    await screenshot(approverTab, 'approval');
    await approverTab.getByRole('button', { name: 'Approve' }).click();
    await approverTab.getByText('Approved. The run resumed and is now completed.').waitFor(WAIT);

    // The run page, open in the first tab all along, follows without a reload.
    await runTab.locator('#run-status', { hasText: 'Completed' }).waitFor(WAIT);
    await runTab.getByText(/approved by bob/).waitFor(WAIT);
    expect(await runTab.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(await runTab.locator('.answer').innerText()).toMatch(/issue_refund finished: .*RF-/);
    await pickUser(runTab, 'admin');
    await screenshot(runTab, 'run');
    await context.close();
  }, 45_000);

  it('rejects with a reason that reaches the model', async () => {
    needChromium();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto('/');
    const runPath = await startRun(page, 'Refund $900 to GLOBEX-7');
    await Promise.all([
      page.waitForURL(/\/ui\/approvals\//, WAIT),
      page.getByRole('link', { name: 'Open the approval', exact: true }).click(),
    ]);
    await pickUser(page, 'bob');
    await page.getByLabel('Reason (the agent is told)').fill('over the monthly budget');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Rejected. The run resumed and is now completed.').waitFor(WAIT);
    await page.goto(runPath);
    await page.getByText('Rejected by the approver (bob): over the monthly budget').first().waitFor(WAIT);
    await context.close();
  }, 30_000);

  it('shows the audit log with its verification to an admin, and the start-run page', async () => {
    needChromium();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto('/ui/start');
    await page.getByRole('heading', { name: 'Start a run' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Open a ticket: the VPN is broken' }).click();
    expect(await page.getByLabel('Message').inputValue()).toBe('Open a ticket: the VPN is broken');
    await screenshot(page, 'start-run');
    await pickUser(page, 'admin');
    await page.goto('/ui/audit');
    await page.getByText(/Chain verified/).waitFor(WAIT);
    expect(await page.locator('table.audit tbody tr').count()).toBeGreaterThan(3);
    await screenshot(page, 'audit');
    await context.close();
  }, 30_000);
});
