#!/usr/bin/env node
/**
 * Web figures for BENCHMARKS.md (run by `pnpm bench` at the root, after a build): the initial
 * JavaScript gzip size, and the time from navigation to the first rendered dashboard (every
 * instance card with a ticking countdown) in headless Debian Chromium against the real API in
 * demo mode. Prints `BENCH {...}` lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/* global document */

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(dirname(web));
const RUNS = 7;

const size = spawnSync(process.execPath, [join(web, 'scripts', 'bundle-size.mjs')], { encoding: 'utf8' });
const match = /Initial JS: ([\d.]+) KB gzip \(([\d.]+) KB raw\) in (\d+) files/.exec(size.stdout);
if (size.status !== 0 || !match) throw new Error(`bundle-size failed:\n${size.stdout}${size.stderr}`);
console.log(
  `BENCH ${JSON.stringify({ name: 'web-size', initialGzipKb: Number(match[1]), initialRawKb: Number(match[2]), files: Number(match[3]) })}`,
);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const stateDir = await mkdtemp(join(tmpdir(), 'podwatch-web-bench-'));
const port = await freePort();
const api = spawn(process.execPath, [join(repo, 'apps', 'api', 'dist', 'main.js')], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    PODWATCH_STATE_DIR: stateDir,
    LOG_LEVEL: 'warn',
    PODWATCH_RATE_LIMIT: '0',
  },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i += 1) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode})`);
    const ok = await fetch(`${base}/api/v1/dashboard`)
      .then((r) => r.json())
      .then((d) => d.collector?.lastSuccessAt != null)
      .catch(() => false);
    if (ok) break;
    if (i > 240) throw new Error('the API did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const times = [];
  for (let run = 0; run <= RUNS; run += 1) {
    // A fresh context each time: nothing cached, like a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    // Evaluated in the page (functions, not strings: the dashboard's CSP forbids eval).
    await page.waitForFunction(
      () =>
        document.querySelectorAll('article[data-instance]').length > 0 &&
        document.querySelector('[data-testid="countdown"]') !== null,
    );
    const ms = await page.evaluate(() => performance.now());
    if (run > 0) times.push(ms);
    await context.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  console.log(
    `BENCH ${JSON.stringify({ name: 'web-render', runs: times.length, medianMs: Math.round(times[Math.floor(times.length / 2)]) })}`,
  );
} finally {
  api.kill('SIGTERM');
  await new Promise((resolve) => api.once('exit', resolve));
  await rm(stateDir, { recursive: true, force: true });
}
