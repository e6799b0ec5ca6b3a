import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, parseCountdown, PHONE, screenshot } from './support/browser';

const DEMO_INSTANCES = [
  'batch-ocr',
  'embeddings',
  'inference',
  'notebook',
  'pymupdf',
  'render-farm',
  'stalled-job',
  'trainer',
];
const CLOCK = 'article[data-instance="stalled-job"] [data-testid="countdown"]';

describe('fleet overview', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('lists the demo instances with hh:mm:ss countdowns that go down second by second', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(inject('apiUrl'));
    await page.locator(CLOCK).waitFor();

    const names = await page
      .locator('[data-testid="instances"] article[data-instance]')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-instance')));
    expect([...names].sort()).toEqual(DEMO_INSTANCES);
    const clocks = await page.locator('[data-testid="countdown"]').allTextContents();
    expect(clocks.length).toBeGreaterThanOrEqual(4);
    for (const clock of clocks) expect(clock).toMatch(/^\d{2,}:\d{2}:\d{2}$/);

    // Each reading is taken the moment the text changes from the one before.
    const texts = [(await page.locator(CLOCK).textContent()) ?? ''];
    for (let step = 0; step < 2; step += 1) {
      const changed = await page.waitForFunction(
        ([selector, before]) => {
          const now = document.querySelector(selector)?.textContent;
          return now !== before ? now : null;
        },
        [CLOCK, texts.at(-1)!] as const,
      );
      texts.push((await changed.jsonValue()) ?? '');
    }
    const readings = texts.map(parseCountdown);
    expect(readings[1]).toBe(readings[0]! - 1);
    expect(readings[2]).toBe(readings[0]! - 2);

    await expect(page.getByTestId('demo-badge').textContent()).resolves.toBe('demo');
    await expect(page.locator('.kpis').textContent()).resolves.toMatch(/Burn rate\s*\$\d+\.\d{2}\/h/);
    await screenshot(page, 'overview-1280');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { context, page, errors } = await openPage(browser, PHONE);
    await page.goto(inject('apiUrl'));
    await page.locator(CLOCK).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await screenshot(page, 'overview-390');
    expect(errors).toEqual([]);
    await context.close();
  });
});
