/**
 * The App Home in the sandbox page, as a person sees it: the second responder opens the
 * Home tab while a 🟡 step waits, reads the waiting step, the live run, the open incident
 * and the catalogue, and approves the step from the Home; the step runs in its thread.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { type E2E, INCIDENTS, REPO_ROOT, startE2E } from '../support/e2e.js';
import { shown, stepMessage } from '../support/slack-read.js';

const RUNBOOKS = path.join(REPO_ROOT, 'test/fixtures/browser-runbooks');
const SCREENSHOT = '/tmp/rbc-app-home.png';
const STEP_TIMEOUT_MS = 20_000;
const ONCALL_LABEL = 'On-call Engineer — Primary on-call';
const SECOND_LABEL = 'Second Responder — Secondary on-call';

let e: E2E;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  e = await startE2E({
    runbooksDir: RUNBOOKS,
    env: { GOVERNANCE_MODE: 'audit' },
    sampleAlert: { title: 'ScratchDiskFull: cache-api-7 scratch disk is 96% full', service: 'cache-api' },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await e?.close();
});

async function actAs(label: string): Promise<void> {
  await page.getByTestId('user-switcher').selectOption({ label });
  await expect.poll(() => page.getByTestId('user-switcher').locator('option:checked').textContent()).toBe(label);
}

describe('App Home in the sandbox page', () => {
  it('shows the waiting step, the live run, the open incident and the catalogue; Approve there runs the step', async () => {
    await page.goto(e.sandbox.url);
    await page.getByTestId('connection-status').getByText('App connected (1)').waitFor();
    await actAs(ONCALL_LABEL);
    await page.getByTestId('channel-incidents').click();
    await page.getByTestId('fire-alert').click();
    const card = page.getByTestId('message').filter({ hasText: 'Runbook matched' });
    await card.getByTestId('button-run_start').click();
    await card.getByText(/Started by @On-call Engineer/).waitFor();
    const thread = await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Runbook matched')),
      { timeoutMs: STEP_TIMEOUT_MS },
    );
    await e.sandbox.waitFor(
      () =>
        shown(stepMessage(e.sandbox, INCIDENTS, thread.ts, 2)).includes('Waiting for approval') ? true : undefined,
      { timeoutMs: STEP_TIMEOUT_MS, description: 'step 2 waiting for approval' },
    );

    await actAs(SECOND_LABEL);
    await page.getByTestId('open-home').click();
    const home = page.getByTestId('home-tab');
    await home.getByText('Waiting for your approval (1)').waitFor();
    const text = (await home.textContent()) ?? '';
    expect(text).toContain('Scratch disk full (browser)');
    expect(text).toMatch(/Live runs \(1\)/);
    expect(text).toMatch(/Open incidents \(1\)/);
    expect(text).toContain('ScratchDiskFull: cache-api-7 scratch disk is 96% full');
    expect(text).toMatch(/Runbook catalogue \(\d+\)/);
    expect(text).toContain('Governance mode: audit');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await home.getByTestId('button-step_approve').click();
    await e.sandbox.waitFor(
      () => (shown(stepMessage(e.sandbox, INCIDENTS, thread.ts, 2)).includes('Succeeded') ? true : undefined),
      { timeoutMs: STEP_TIMEOUT_MS, description: 'step 2 approved from the Home' },
    );
    expect(pageErrors).toEqual([]);
  });
});
