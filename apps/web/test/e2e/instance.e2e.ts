import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, PHONE, screenshot } from './support/browser';

describe('instance page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('renders telemetry charts with data points, specs and connection details', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${inject('apiUrl')}/instances/trainer`);
    const chart = page.locator('[data-chart="gpu-util"]');
    await chart.locator('canvas').waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    await expect(page.locator('[data-chart]').count()).resolves.toBe(5);

    await expect(page.locator('h1').textContent()).resolves.toBe('trainer');
    await page.getByText('H100 SXM × 1').first().waitFor();
    await expect(page.getByLabel('SSH command', { exact: true }).textContent()).resolves.toMatch(
      /^ssh root@[\d.]+ -p \d+/,
    );
    await expect(page.getByTestId('countdown').textContent()).resolves.toMatch(/^\d{2,}:\d{2}:\d{2}$/);
    await screenshot(page, 'instance-1280');

    await page.getByRole('button', { name: '24h' }).click();
    await page.waitForURL(/range=24h/);
    await chart.locator('canvas').waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('links the HTTP services through the RunPod proxy', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${inject('apiUrl')}/instances/notebook`);
    const link = page.getByTestId('http-link').first();
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toBe('https://n2b5d8f1g4k7mc-8888.proxy.runpod.net');
    await context.close();
  });

  it('reads well on a phone', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    await page.goto(`${inject('apiUrl')}/instances/render-farm`);
    await page.locator('[data-chart="gpu-util"] canvas').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await screenshot(page, 'instance-390');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when an instance does not exist', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${inject('apiUrl')}/instances/no-such-instance`);
    await page.getByText('No instance named “no-such-instance”').waitFor();
    await context.close();
  });
});
