import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser.js';
import { type Harness, startHarness } from '../../unit/sandbox/bolt-harness.js';
import { registerDemoApp } from '../../unit/sandbox/demo-app.js';

let h: Harness;
let browser: Browser;
let page: Page;
/** Script errors in the page fail the run: a broken page must not pass because nothing was clicked. */
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness(registerDemoApp, {
    ackTimeoutMs: 3000,
    onFireSampleAlert: async () => ({ ok: true, detail: 'PagerDuty delivery accepted (202)' }),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(5000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(h.sandbox.url);
  await page.getByTestId('connection-status').getByText('App connected (1)').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

async function send(text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
}

describe('the sandbox page, driven like a person', () => {
  it('a slash command typed in the composer shows the app’s ephemeral answer', async () => {
    await send('/runbook hi');
    const ephemeral = page.getByTestId('ephemeral').filter({ hasText: 'You said: hi' });
    await expect.poll(() => ephemeral.count()).toBe(1);
    expect(await ephemeral.textContent()).toContain('Only visible to you');
  });

  it('renders Block Kit (header, mrkdwn, link, buttons) and escapes message content', async () => {
    await send('/runbook card');
    const card = page.getByTestId('message').filter({ hasText: 'Runbook matched' });
    await card.waitFor();
    expect(await card.locator('h3').textContent()).toBe('Runbook matched');
    expect(await card.locator('strong').first().textContent()).toBe('restart-api');
    expect(await card.locator('code').first().textContent()).toBe('api-7');
    expect(await card.locator('a').getAttribute('href')).toBe('https://example.com/rb');
    expect(await card.getByTestId('button-start').textContent()).toContain('Start');
    expect(await card.getByTestId('button-start').getAttribute('class')).toContain('primary');

    await page.getByTestId('channel-general').click();
    await send('<img src=x onerror="document.title=\'pwned\'"> & <b>bold</b>');
    const mine = page.getByTestId('message').filter({ hasText: '<img src=x' });
    await mine.waitFor();
    expect(await mine.locator('img').count()).toBe(0);
    expect(await mine.locator('b').count()).toBe(0);
    expect(await mine.textContent()).toContain('& <b>bold</b>');
    expect(await page.title()).not.toBe('pwned');
    await page.getByTestId('channel-incidents').click();
  });

  it('fills a modal: client-side required check, server field errors, then success', async () => {
    await page.getByTestId('message').filter({ hasText: 'Runbook matched' }).getByTestId('button-details').click();
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    expect(await page.getByTestId('modal-title').textContent()).toBe('Run details');

    await page.getByTestId('modal-submit').click();
    await page.getByTestId('field-error-reason').waitFor();
    expect(await page.getByTestId('field-error-env').textContent()).toBe('Please complete this required field.');

    await page.getByTestId('input-reason-text').fill('no');
    await page.getByTestId('input-env-choice').selectOption('production');
    await page.getByTestId('modal-submit').click();
    await expect
      .poll(() => page.getByTestId('field-error-reason').textContent())
      .toBe('Say a bit more (5+ characters).');
    expect(await page.getByTestId('field-error-env').count()).toBe(0);
    // What the person typed survives the re-render with errors.
    expect(await page.getByTestId('input-env-choice').inputValue()).toBe('production');

    await page.getByTestId('input-reason-text').fill('api returns 502s');
    await page.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId('ephemeral').filter({ hasText: 'Queued on production: api returns 502s' }).waitFor();
  });

  it('switching person and clicking a button updates the message for everyone', async () => {
    await page.getByTestId('user-switcher').selectOption({ label: 'Second Responder — Secondary on-call' });
    // Ephemerals belong to the first person: the second one does not see them.
    await expect.poll(() => page.getByTestId('ephemeral').count()).toBe(0);
    await page.getByTestId('message').filter({ hasText: 'Runbook matched' }).getByTestId('button-start').click();
    const updated = page.getByTestId('message').filter({ hasText: 'Started by' });
    await updated.waitFor();
    expect(await updated.textContent()).toContain('Started by @Second Responder');
    expect(await updated.textContent()).toContain('(edited)');
  });

  it('an @mention gets a threaded answer, visible in the thread pane', async () => {
    await page.getByTestId('channel-ops').click();
    await send('@runbook what is wrong with api?');
    const openThread = page.getByTestId('open-thread');
    await openThread.waitFor();
    expect(await openThread.textContent()).toBe('1 reply');
    await openThread.click();
    const pane = page.getByTestId('thread-pane');
    await pane.getByText('On it:').waitFor();
    expect(await pane.locator('strong').last().textContent()).toBe('checking');
    await pane.getByTestId('thread-composer-input').fill('thanks, looking at the db too');
    await pane.getByTestId('thread-composer-send').click();
    await pane.getByText('thanks, looking at the db too').waitFor();
    expect(await openThread.textContent()).toBe('2 replies');
  });

  it('the App Home tab renders the published view; a confirm dialog guards its danger button', async () => {
    await page.getByTestId('open-home').click();
    const home = page.getByTestId('home-tab');
    await home.getByText('Hello @Second Responder').waitFor();
    await home.getByTestId('button-panic').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-deny').click();
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await home.getByTestId('button-panic').click();
    await page.getByTestId('confirm-accept').click();
    await home.getByText('Paused by @Second Responder').waitFor();
    expect(h.sandbox.calls('views.publish')).toHaveLength(2);
  });

  it('the fire-alert button reports what the product’s handler returned; no failures, no script errors', async () => {
    await page.getByTestId('fire-alert').click();
    await page.getByTestId('fire-alert-result').getByText('PagerDuty delivery accepted (202)').waitFor();
    expect(await page.getByTestId('failures-panel').textContent()).toBe('None');
    expect(pageErrors).toEqual([]);
  });
});
