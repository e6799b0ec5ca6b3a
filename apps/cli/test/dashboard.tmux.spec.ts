/**
 * The live dashboard in a real terminal: `podwatch dashboard notebook --refresh 1` in a detached
 * tmux session (private socket, 140×40) against a demo-mode API, read back with capture-pane.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, firstCollection, type RunningApi, startApi } from './support/api-server.js';
import { CLI_MAIN, cleanEnv } from './support/paths.js';

const run = promisify(execFile);
const socket = `podwatch-test-${process.pid}-${randomUUID().slice(0, 8)}`;
const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args], { env: cleanEnv() });
const capture = async () => (await tmux('capture-pane', '-p', '-t', 'dash')).stdout;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Captures until `predicate` holds (the app needs a moment to start and to redraw). */
async function captureUntil(predicate: (screen: string) => boolean, what: string): Promise<string> {
  let screen = '';
  for (let attempt = 0; attempt < 80; attempt += 1) {
    screen = await capture();
    if (predicate(screen)) return screen;
    await pause(250);
  }
  throw new Error(`the pane never showed ${what}:\n${screen}`);
}

function countdownSeconds(screen: string): number {
  const match = /Time until prune: (\d\d):(\d\d):(\d\d)/.exec(screen);
  if (!match) throw new Error(`no countdown on screen:\n${screen}`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

let api: RunningApi;

beforeAll(async () => {
  // No week of demo back-fill (a quick start), but the first collection before the dashboard opens.
  api = await startApi({ env: { PODWATCH_DEMO_HISTORY: 'off' } });
  await firstCollection(api);
  const env = [`PODWATCH_URL=${api.url}`, `PODWATCH_TOKEN=${ADMIN_TOKEN}`, 'TERM=xterm-256color'];
  await tmux(
    'new-session',
    '-d',
    '-s',
    'dash',
    '-x',
    '140',
    '-y',
    '40',
    ...env.flatMap((e) => ['-e', e]),
    `${process.execPath} ${CLI_MAIN} dashboard notebook --refresh 1`,
  );
});

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await api?.stop();
});

describe('podwatch dashboard in tmux', () => {
  it('lays out the instance and counts down', async () => {
    const first = await captureUntil((s) => /Time until prune: \d\d:\d\d:\d\d/.test(s), 'the countdown');
    await pause(1_000);
    let second = await capture();
    // The countdown ticks on whole seconds; give a busy machine a moment more if needed.
    for (
      let attempt = 0;
      attempt < 12 && countdownSeconds(second) === countdownSeconds(first);
      attempt += 1
    ) {
      await pause(250);
      second = await capture();
    }

    for (const screen of [first, second]) {
      expect(screen).toMatch(/podwatch {2}› notebook/);
      expect(screen).toContain(' DEMO ');
      expect(screen).toMatch(/notebook {2}● RUNNING {2}\$\d+\.\d\d\/h {3}pod n2b5d8f1g4k7mc/);
      expect(screen).toContain('COUNTING — idle; pruned when this reaches zero');
      expect(screen).toContain('Last reset:');
      expect(screen).toMatch(/Specs +\d+ vCPU · \d+ GB RAM · .+ × 1/);
      expect(screen).toContain('Telemetry');
      for (const label of ['CPU', 'Memory', 'GPU', 'GPU mem', 'Temp', 'Power']) {
        expect(screen).toMatch(new RegExp(`^ {3}${label} .*\\d+( ?%|°C| W)`, 'm'));
      }
      expect(screen).toContain('Esc fleet  s stop  t terminate  x extend  r refresh  ? help  q quit');
    }
    expect(countdownSeconds(second)).toBeLessThan(countdownSeconds(first));
  });

  it('redraws for a resized terminal without leftovers', async () => {
    await tmux('resize-window', '-t', 'dash', '-x', '80', '-y', '24');
    const screen = await captureUntil(
      (s) =>
        s
          .split('\n')
          .some((line) => line.startsWith(' ╭') && [...line].length > 70 && [...line].length <= 80),
      'an 80-column frame',
    );
    expect(screen).toContain('Time until prune');
    expect(screen.split('\n').filter((line) => line.includes('podwatch'))).toHaveLength(1);
    for (const line of screen.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('goes to the fleet on Esc and quits on q', async () => {
    await tmux('resize-window', '-t', 'dash', '-x', '140', '-y', '40');
    await tmux('send-keys', '-t', 'dash', 'Escape');
    const fleet = await captureUntil((s) => s.includes('INSTANCE / POD'), 'the fleet table');
    expect(fleet).toMatch(/▶ notebook +counting +RUNNING/);
    expect(fleet).toMatch(/trainer +(active|counting) +RUNNING/);
    expect(fleet).toContain('── unmanaged pods: shown with their cost, never pruned');
    expect(fleet).toMatch(/\d+ running · burn \$\d+\.\d\d\/h/);
    await tmux('send-keys', '-t', 'dash', 'q');
    // The session ends with its command; then the server, which had no other session, ends too.
    const alive = async () =>
      await tmux('has-session', '-t', 'dash').then(
        () => true,
        () => false,
      );
    for (let attempt = 0; attempt < 40 && (await alive()); attempt += 1) await pause(250);
    expect(await alive()).toBe(false);
  });
});
