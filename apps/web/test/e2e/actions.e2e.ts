import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';

async function unlock(page: Page, token: string): Promise<void> {
  await page.getByTestId('unlock').click();
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

describe('actions', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('stops an instance through its confirmation dialog', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${inject('apiUrl')}/instances/notebook`);
    await page.getByTestId('countdown').waitFor();
    await unlock(page, inject('adminToken'));

    await page.getByRole('button', { name: 'Stop notebook' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('Stops pod n2b5d8f1g4k7mc');
    await screenshot(page, 'stop-dialog', false);
    await dialog.getByTestId('confirm').click();
    await dialog.waitFor({ state: 'detached' });

    await page.waitForFunction(
      () => document.querySelector('[data-testid="state"]')?.textContent?.trim() === 'Stopped',
    );
    await page.getByRole('paragraph').filter({ hasText: 'notebook stopped' }).waitFor();
    await page.getByRole('link', { name: 'Fleet' }).first().click();
    await page.locator('article[data-instance="notebook"][data-state="stopped"]').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the API’s error for a wrong admin token, and keeps the page', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(inject('apiUrl'));
    await page.locator('article[data-instance="trainer"]').waitFor();
    await unlock(page, 'not-the-admin-token-0000');

    await page.getByRole('button', { name: 'Extend trainer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('confirm').click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(
      'The admin token was not accepted: The bearer token is not valid.',
    );
    await screenshot(page, 'wrong-token', false);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page.locator('article[data-instance]').count()).resolves.toBe(8);
    await page.getByTestId('unlock').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('previews prune as a dry run before anything happens', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${inject('apiUrl')}/prune`);
    await unlock(page, inject('adminToken'));
    await page.getByRole('button', { name: 'Prune now…' }).click();
    const plan = page.getByTestId('prune-plan');
    await plan.waitFor();
    await expect(page.getByRole('dialog').textContent()).resolves.toContain('Nothing has changed yet.');
    await screenshot(page, 'prune-preview', false);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Every run' }).click();
    const dryRun = page.locator('[data-run]', { hasText: 'dry run' }).first();
    await dryRun.waitFor();
    await expect(dryRun.textContent()).resolves.toContain('by web');
    await screenshot(page, 'prune-runs-1280');
    expect(errors).toEqual([]);
    await context.close();
  });
});
