/**
 * The README's quick start, done as a newcomer does it: `npm start` (the built bin, no Slack
 * tokens, the shipped runbooks/), the sandbox URL it prints opened in Chromium, the DM's three
 * steps followed (fire an alert, approve every step, read the audit) from the first page to
 * the summary. Any step a newcomer could not get past fails the test. Then the product is
 * restarted and the page still shows the conversation. A screenshot of each stage is saved in
 * a temporary folder, printed at the end, to look at.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { REPO_ROOT } from '../support/e2e.js';
import { removeFolder, SANDBOX_URL_LINE, type StartedProduct, spawnStart } from '../support/spawn-start.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

/** Waits for the product (queues, workers, Slack's one-post-a-second pacing), never sleeps. */
const STEP_TIMEOUT_MS = 20_000;
const ONCALL = 'On-call Engineer — Primary on-call';
const SECOND = 'Second Responder — Secondary on-call';
const VIEWER = 'Viewer — Stakeholder (read-only)';
const SCREENSHOTS = mkdtempSync(path.join(tmpdir(), 'rbc-quick-start-'));

let t: TestDatabase;
let product: StartedProduct;
let browser: Browser;
let page: Page;
let shot = 0;
let sandboxPort = 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
const pageErrors: string[] = [];
const toasts: string[] = [];

async function screenshot(stage: string): Promise<void> {
  shot += 1;
  await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${stage}.png`) });
}

async function openProduct(): Promise<string> {
  const [, url] = await product.waitFor(SANDBOX_URL_LINE);
  return url!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  // A fixed port, as `npm start` has (3001), so the open page finds the product after a restart.
  sandboxPort = await freePort();
  product = spawnStart(t, { SANDBOX_PORT: String(sandboxPort) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A toast is how the page tells a person something they did failed.
  await page.exposeFunction('__toastSeen', (text: string) => toasts.push(text));
  // Runs in the page (a string: this file is type-checked for Node, without the DOM's types).
  await page.addInitScript({
    content: `new MutationObserver(() => {
      const toast = document.getElementById('toast');
      if (toast && !toast.hidden) window.__toastSeen(toast.textContent ?? '');
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });`,
  });
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
  if (product) removeFolder(product.cwd);
  await t?.drop();
  console.info(`quick-start screenshots: ${SCREENSHOTS}`);
});

async function actAs(label: string): Promise<void> {
  await page.getByTestId('user-switcher').selectOption({ label });
  await expect.poll(() => page.getByTestId('user-switcher').locator('option:checked').textContent()).toBe(label);
}

const pane = () => page.getByTestId('thread-pane');

/** Step N's message in the thread once it shows `text` (and the button, when given). */
async function step(n: number, text: string, button?: string): Promise<Locator> {
  let found = pane()
    .getByTestId('message')
    .filter({ hasText: `Step ${n}/4` })
    .filter({ hasText: text });
  if (button) found = found.filter({ has: page.getByTestId(`button-${button}`) });
  await found.waitFor();
  return found;
}

/** What a newcomer must never read on the page: Slack syntax the page failed to render. */
async function expectRenderedAsSlackDoes(): Promise<void> {
  const text = await page.locator('body').textContent();
  expect(text).not.toMatch(/<!date\^|<@U|<#C|&amp;|&lt;|&gt;/);
  expect(text).not.toMatch(/\]\([^)]*\.md\)/); // a raw Markdown link to a runbook file
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/); // an ISO timestamp where Slack shows local time
  expect(text).not.toContain('(truncated)'); // nothing in this walkthrough is long enough to cut
  expect(text).not.toMatch(/\{"[a-z]+":/); // raw JSON
}

describe('the README quick start, followed by a newcomer in the browser', () => {
  it('first page → DM walkthrough → alert → ▶ Start → every step approved → summary → audit; survives a restart', async () => {
    // ── npm start: Ready, then the URL. The newcomer opens it. ───────────────────────────────
    const url = await openProduct();
    await page.goto(url);
    await page.getByTestId('connection-status').getByText('App connected (1)').waitFor();

    // ── The first page is the app's DM: three steps, with people and channels by name. ─────
    const welcome = page.getByTestId('message').filter({ hasText: 'Welcome to Runbook Copilot' });
    await welcome.waitFor();
    expect(await page.locator('#main-header').textContent()).toBe('runbook (DM)');
    const welcomeText = ((await welcome.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(welcomeText).toContain('1. Fire an alert.');
    expect(welcomeText).toContain('In #incidents the runbook Hello world: your first run is matched');
    expect(welcomeText).toContain('2. Approve.');
    expect(welcomeText).toContain('switch Acting as to @Second Responder');
    expect(welcomeText).toContain('3. Read the audit.');
    expect(welcomeText).toContain('npm run cli -- audit verify');
    expect(welcomeText).toContain('Nothing runs on this machine');
    await expectRenderedAsSlackDoes();
    await screenshot('welcome-dm');

    // ── 1. Fire an alert. ────────────────────────────────────────────────────────────────────
    await page.getByTestId('fire-alert').click();
    await expect.poll(() => page.getByTestId('fire-alert-result').textContent()).toContain('Alert sent');
    await page.getByTestId('channel-incidents').click();
    const card = page.getByTestId('message').filter({ hasText: 'Runbook matched' });
    await card.waitFor();
    const cardText = ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(cardText).toContain('HelloRunbookCopilot: a first alert from the local sandbox');
    expect(cardText).toContain('Hello world: your first run · 4 steps');
    await screenshot('runbook-matched');
    await card.getByTestId('button-run_start').click();
    await card.getByText(/Started by @On-call Engineer/).waitFor();
    await card.getByTestId('open-thread').click();
    await pane()
      .getByText(/Run started by @On-call Engineer/)
      .waitFor();
    expect(await pane().textContent()).toContain('🧪 dry run: commands are shown, not executed');
    await screenshot('run-started');

    // ── 2. Approve: 🟢 and 🟡 with a click (strict mode: every step needs a person). ────────
    const step1 = await step(1, 'Waiting for approval', 'step_approve');
    expect(await step1.textContent()).toContain('df -h /tmp');
    await step1.getByTestId('button-step_approve').click();
    expect(await (await step(1, 'not executed (dry run)')).textContent()).not.toMatch(/Succeeded|exit 0/);
    const step2 = await step(2, 'Waiting for approval', 'step_approve');
    expect(await step2.textContent()).toContain('🟡');
    await screenshot('caution-step');

    // Someone without the role is told who holds it and how to grant it, and nothing moves.
    await actAs(VIEWER);
    await (await step(2, 'Waiting for approval', 'step_approve')).getByTestId('button-step_approve').click();
    const noRole = pane().getByTestId('ephemeral').filter({ hasText: 'You need the approver role' });
    await noRole.waitFor();
    const noRoleText = ((await noRole.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(noRoleText).toContain('Who holds it: @SRE Manager, @On-call Engineer, @Second Responder.');
    expect(noRoleText).toContain('An admin (@SRE Manager) can grant it');
    expect(noRoleText).toContain('/runbook roles grant @someone approver');
    await screenshot('refused-without-role');
    await actAs(ONCALL);

    await step2.getByTestId('button-step_approve').click();
    await step(2, 'not executed (dry run)');

    // ── 🔴: the starter is refused with who can do it; the second person confirms. ───────
    const step3 = await step(3, 'Waiting for approval', 'step_confirm_dangerous');
    expect(await step3.textContent()).toContain('Target: /tmp/runbook-copilot-hello');
    await step3.getByTestId('button-step_confirm_dangerous').click();
    const refusal = pane().getByTestId('ephemeral').filter({ hasText: 'needs a second person' });
    await refusal.waitFor();
    await screenshot('dangerous-refused-for-starter');

    await actAs(SECOND);
    await (await step(3, 'Waiting for approval', 'step_confirm_dangerous'))
      .getByTestId('button-step_confirm_dangerous')
      .click();
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    const target = /Type (\S+) to confirm/.exec((await modal.textContent()) ?? '')?.[1];
    expect(target).toBe('/tmp/runbook-copilot-hello');
    expect(await modal.textContent()).toContain('🧪 dry run: it is shown, not executed');
    expect(await page.getByTestId('modal-submit').textContent()).toBe('Confirm (dry run)');
    await screenshot('confirm-modal');

    // Someone else takes the laptop with the modal open: it must not block them.
    await actAs(ONCALL);
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId('channel-general').click();
    await page.getByTestId('channel-incidents').click();
    await screenshot('modal-left-open-other-user');
    await actAs(SECOND);
    await page.getByTestId('modal').waitFor(); // still open for the person who opened it

    await page.getByTestId('input-confirm_input-confirm_value').fill(target!);
    await page.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached' });
    await card.getByTestId('open-thread').click(); // the thread closed when the channel changed
    await step(3, 'not executed (dry run)');
    const step4 = await step(4, 'Waiting for approval', 'step_approve');
    await step4.getByTestId('button-step_approve').click();

    // ── The summary. ─────────────────────────────────────────────────────────────────────────
    const summary = pane().getByTestId('message').filter({ hasText: 'Runbook finished' });
    await summary.waitFor();
    const summaryText = ((await summary.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(summaryText).toContain('✅ Runbook finished: Hello world: your first run');
    expect(summaryText).toContain('4 🧪 not executed (dry run)');
    expect(summaryText).toContain('@Second Responder');
    await expectRenderedAsSlackDoes();
    await screenshot('summary');

    // ── 3. Read the audit, as the DM says. ───────────────────────────────────────────────────
    const audit = await promisify(execFile)(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/runbook-copilot.mjs'), 'audit', 'verify'],
      { cwd: product.cwd, env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.appUrl } },
    );
    expect(audit.stdout).toMatch(/^✅ T0SANDBOX: \d+ events, chain intact/m);

    // ── Nothing went wrong on the page or against Slack's rules. ─────────────────────────────
    expect(await page.getByTestId('failure-item').count()).toBe(0);
    expect(await page.getByTestId('message-warning').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    expect(toasts).toEqual([]);

    // ── A restart of the product: the page reloads the same conversation, greeted once. ─────
    expect(await product.stop()).toBe(0);
    await page.getByTestId('connection-status').getByText('Sandbox not reachable').waitFor();
    product = spawnStart(t, { SANDBOX_PORT: String(sandboxPort) }, product.cwd);
    expect(await openProduct()).toBe(url);
    // The open page reconnects by itself; a reload shows the same conversation.
    await page.getByTestId('connection-status').getByText('App connected (1)').waitFor();
    await page.reload();
    await page.getByTestId('connection-status').getByText('App connected (1)').waitFor();
    await page.getByTestId('channel-incidents').click();
    const kept = page.getByTestId('message').filter({ hasText: 'Runbook matched' });
    await kept.waitFor();
    await kept.getByTestId('open-thread').click();
    await pane().getByTestId('message').filter({ hasText: '✅ Runbook finished' }).waitFor();
    await actAs(ONCALL); // the page remembers who was acting (Second Responder); the DM is the on-call's
    await page.getByTestId('channel-dm').click();
    await expect
      .poll(() => page.getByTestId('message').filter({ hasText: 'Welcome to Runbook Copilot' }).count())
      .toBe(1);
    await screenshot('after-restart');
    expect(pageErrors).toEqual([]);
  });
});
