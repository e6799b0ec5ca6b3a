/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Screenshots go to
 * apps/web/test-results/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const webDir = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
export const resultsDir = join(webDir, 'test-results');

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium is not installed at ${path}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh context (its own sessionStorage) whose page fails the test on any script error. */
export async function openPage(
  browser: Browser,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** The whole page, or only the viewport (for dialogs, whose backdrop covers the viewport). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Seconds from `hh:mm:ss`. */
export function parseCountdown(text: string): number {
  const match = /^(\d+):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an hh:mm:ss countdown`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}
