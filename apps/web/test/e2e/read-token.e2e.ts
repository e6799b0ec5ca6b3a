import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from './support/api-server';
import { launchBrowser, openPage, screenshot } from './support/browser';

const READ_TOKEN = 'e2e-read-token-0123456789';

describe('an API that needs a token to read', () => {
  let api: RunningApi;
  let browser: Browser;
  beforeAll(async () => {
    [api, browser] = await Promise.all([
      startApi({ adminToken: 'e2e-admin-token-for-reads-0123', readToken: READ_TOKEN }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('asks for the token, says when it is wrong, and shows the fleet with the right one', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(api.url);
    const panel = page.getByTestId('auth-required');
    await panel.waitFor();

    await page.getByTestId('token-input').fill('not-the-read-token-000');
    await page.getByRole('button', { name: 'Use token' }).click();
    const error = page.getByTestId('token-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe(
      'The token was not accepted: The bearer token is not valid.',
    );
    await screenshot(page, 'read-token-rejected');

    await page.getByTestId('token-input').fill(READ_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.locator('article[data-instance="trainer"]').waitFor();
    await expect(panel.count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
