import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';

describe('costs page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows spend per day, per pod and idle waste', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${inject('apiUrl')}/costs`);
    const chart = page.locator('[data-chart="daily-spend"]');
    await chart.locator('canvas').waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBe(7);
    await expect(page.locator('.kpis').textContent()).resolves.toMatch(/Idle waste today\s*\$/);
    const pods = page.getByTestId('pod-costs').locator('tbody tr');
    await expect(pods.count()).resolves.toBeGreaterThanOrEqual(8);
    await screenshot(page, 'costs-1280');

    await page.getByRole('button', { name: '30 days' }).click();
    await page.waitForURL(/days=30/);
    await page.getByText('The last 30 days (UTC)').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
