/**
 * Rendering of the dashboard's states, from canned API answers: a running instance counting
 * down, one being pruned, a stopped one, stale data, the fleet table at 80 and 140 columns.
 */
import chalk from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboard, iso, NOW, podView, snapshot, telemetryView } from '../../test/support/fixtures.js';
import { renderScreen as frame } from '../../test/support/screen.js';

const countdownOf = (text: string) => /Time until prune: (\S+)/.exec(text)?.[1];

describe('the instance dashboard', () => {
  it('shows a running instance: header, countdown, reset signal, specs, telemetry, keys', () => {
    const text = frame();
    expect(text).toContain('› trainer');
    expect(text).toMatch(/trainer {2}● RUNNING {2}\$2\.69\/h {3}pod h7x2k9q4m3p8za · US-KS-2 · up 2h/);
    expect(countdownOf(text)).toBe('00:09:30');
    expect(text).toContain('COUNTING — idle; pruned when this reaches zero');
    expect(text).toContain('Last reset: GPU busy · 20m 30s ago — GPU 0 at 97% (threshold 10%)');
    expect(text).toContain('inactivity 30m · on idle: stop (volume kept)');
    expect(text).toContain('16 vCPU · 125 GB RAM · H100 SXM × 1 · disk 50 GB · volume 100 GB');
    for (const [label, value] of [
      ['CPU', '42%'],
      ['Memory', '61%'],
      ['GPU', '97%'],
      ['GPU mem', '80%'],
      ['Temp', '71°C'],
      ['Power', '590 W'],
    ]) {
      expect(text).toMatch(new RegExp(`^ {3}${label} +[▁▂▃▄▅▆▇█ ]+ +${value}`, 'm'));
    }
    // 20 one-minute samples, CPU 20 → 58 %, at the right end of a 60-slot hour.
    expect(text).toMatch(/CPU +▂▃▃▃▃▃▃▃▄▄▄▄▄▄▄▅▅▅▅▅ +42% {2}avg 39% · peak 58%/);
    expect(text).toMatch(/GPU +█+ +97% {2}busy ≥10% · avg 95% · peak 95%/);
    expect(text).toContain('Recent');
    expect(text).toContain('Esc fleet  s stop  t terminate  x extend  r refresh  ? help  q quit');
  });

  it('ticks the countdown down with the clock, without new data', () => {
    expect(countdownOf(frame({ now: NOW }))).toBe('00:09:30');
    expect(countdownOf(frame({ now: NOW + 1_000 }))).toBe('00:09:29');
    expect(countdownOf(frame({ now: NOW + 570_000 - 61_000 }))).toBe('00:01:01');
  });

  it('shows pruning once the countdown reaches zero while the pod runs', () => {
    const text = frame({ now: NOW + 600_000 });
    expect(countdownOf(text)).toBe('00:00:00');
    expect(text).toContain('PRUNING — due now; the next prune run stops it');
    const pruning = frame({
      data: dashboard({ instances: [snapshot({ state: 'pruning', killAt: iso(-5) })] }),
    });
    expect(pruning).toContain('PRUNING');
  });

  it('shows a stopped instance whose stop was confirmed and flushed', () => {
    const stopped = snapshot({
      state: 'stopped',
      pod: podView({ status: 'EXITED', costPerHr: 0, uptimeSeconds: null }),
      telemetry: null,
      killAt: null,
      flushedAt: iso(-120),
    });
    const text = frame({ data: dashboard({ instances: [stopped] }) });
    expect(text).toContain('● EXITED  $0.00/h');
    expect(countdownOf(text)).toBe('--:--:--');
    expect(text).toContain('STOPPED — pod EXITED; confirmed and flushed 2m ago');
    expect(text).toContain('live stats cleared by prune 2m ago; history is kept');
  });

  it('marks stale data and says that prune holds off', () => {
    const stale = snapshot({
      stale: true,
      staleSince: iso(-300),
      staleReason: 'RunpodServerError: 503 Service Unavailable',
    });
    const text = frame({ data: dashboard({ instances: [stale] }) }, 140);
    expect(text).toContain(
      '⚠ STALE since 11:55:00 — prune holds off until data is fresh: RunpodServerError: 503 Service Unavailable',
    );
    expect(frame({ data: dashboard({ instances: [stale] }) }, 80)).toContain(
      '⚠ STALE since 11:55:00 — prune holds off',
    );
    const fleet = frame({ data: dashboard({ instances: [stale] }), view: { kind: 'fleet' } });
    expect(fleet).toMatch(/⚠ trainer +counting!/);
  });

  it('marks demo mode and a protected instance', () => {
    const text = frame({ data: dashboard({ demo: true, instances: [snapshot({ state: 'protected' })] }) });
    expect(text).toContain(' DEMO ');
    expect(text).toContain('PROTECTED — shown, never pruned');
    expect(countdownOf(text)).toBe('--:--:--');
  });

  it('shows each GPU of a multi-GPU pod and judges activity on the busiest', () => {
    const busy = snapshot({
      pod: podView({ gpu: { typeId: 'NVIDIA RTX A6000', displayName: 'RTX A6000', count: 2 } }),
      telemetry: telemetryView({
        gpuUtilMax: 94,
        gpuUtilAvg: 47,
        temperatureC: 88,
        gpus: [
          { index: 0, id: 'a', utilPercent: 0, memoryUtilPercent: 1, temperatureC: 40, powerWatts: 30 },
          { index: 1, id: 'b', utilPercent: 94, memoryUtilPercent: 70, temperatureC: 88, powerWatts: 290 },
        ],
      }),
    });
    const text = frame({ data: dashboard({ instances: [busy] }) }, 140);
    expect(text).toMatch(/GPUs +#0 .+ 0% +mem +1% +40°C +30 W/);
    expect(text).toMatch(/#1 █+.* 94% +mem +70% +88°C +290 W/);
    expect(text).toContain('busy ≥10% · busiest of 2');
    expect(text).toContain('hottest GPU');
  });

  it('shows a serverless instance with its workers', () => {
    const endpoint = snapshot({
      instance: 'embeddings',
      config: {
        ...snapshot().config,
        name: 'embeddings',
        type: 'serverless',
        podId: null,
        endpointId: 'e5m8b2d9k3w7qa',
        onIdle: 'confirm',
      },
      pod: null,
      telemetry: null,
      state: 'stopped',
      serverless: {
        id: 'e5m8b2d9k3w7qa',
        name: 'embeddings',
        instance: 'embeddings',
        workersMin: 0,
        workersMax: 3,
        workers: { running: 0, idle: 1, initializing: 0, throttled: 0, unhealthy: 0, total: 1 },
        lastSeenAt: iso(-10),
      },
    });
    const text = frame({
      data: dashboard({ instances: [endpoint] }),
      view: { kind: 'instance', name: 'embeddings' },
    });
    expect(text).toContain('serverless endpoint e5m8b2d9k3w7qa');
    expect(text).toContain(
      '0 running · 1 idle · 0 initializing · 0 throttled · 0 unhealthy   (min 0, max 3)',
    );
    expect(text).toContain('STOPPED — no running or initializing workers');
  });
});

describe('the fleet dashboard', () => {
  it('lists instances and unmanaged pods with status, $/h, GPU and countdown at 140 columns', () => {
    const text = frame({ view: { kind: 'fleet' }, selectedKey: 'instance:notebook' }, 140);
    expect(text).toMatch(/INSTANCE \/ POD +STATE +STATUS +GPU +\$\/H GPU UTIL +PRUNE IN {2}LAST ACTIVITY/);
    expect(text).toMatch(
      /^ {3}trainer +counting +RUNNING +H100 SXM ×1 +2\.69 [█▏▎▍▌▋▊▉]+ +97% +00:09:30 {2}GPU busy · 20m 30s ago/m,
    );
    expect(text).toMatch(/^ ▶ notebook +counting +RUNNING +H100 SXM ×1 +0\.69 +0% +00:01:35 {2}—/m);
    expect(text).toContain('── unmanaged pods: shown with their cost, never pruned');
    expect(text).toMatch(
      /llm-finetune +unmanaged +RUNNING +A100 SXM ×2 +3\.48 [█▏▎▍▌▋▊▉]+ +97% +never {2}up 2h/,
    );
    expect(text).toContain(
      '3 running · burn $6.86/h · $164.64/day · $4,939/mo · 0 agents · collected 10s ago',
    );
    expect(text).toContain(
      '↑↓ select  ⏎ detail  s stop  t terminate  x extend  / filter  r refresh  ? help  q quit',
    );
  });

  it('fits 80 columns: no meter and no last-activity column, nothing wraps', () => {
    const text = frame({ view: { kind: 'fleet' } }, 80);
    expect(text).toMatch(/INSTANCE \/ POD +STATE +STATUS +GPU +\$\/H +GPU +PRUNE IN$/m);
    expect(text).not.toContain('LAST ACTIVITY');
    expect(text).toMatch(/trainer +counting +RUNNING +H100 SXM ×1 +2\.69 +97% +00:09:30$/m);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('keeps the selected row in view when the fleet is taller than the terminal', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      snapshot({ instance: `worker-${String(i).padStart(2, '0')}` }),
    );
    const text = frame({
      data: dashboard({ instances: many }),
      view: { kind: 'fleet' },
      selectedKey: 'instance:worker-30',
      height: 20,
    });
    expect(text).toContain('▶ worker-30');
    expect(text).not.toContain('worker-00');
    expect(text).toMatch(/↑ \d+ more {2}↓ \d+ more/);
    expect(text.split('\n').length).toBeLessThan(20);
  });

  it('says that the API is down and how old the data on screen is', () => {
    const text = frame({
      view: { kind: 'fleet' },
      error: {
        message:
          'Cannot reach the Podwatch API at http://127.0.0.1:8080 (connect ECONNREFUSED 127.0.0.1:8080).',
        since: NOW - 30_000,
      },
      lastOkAt: NOW - 45_000,
    });
    expect(text).toContain('● API down');
    expect(text).toContain(
      '✖ Cannot reach the Podwatch API at http://127.0.0.1:8080 (connect ECONNREFUSED 127.0.0.1:8080).',
    );
    expect(text).toContain('Showing data from 11:59:15 (45s old); retrying every 5s.');
    expect(text).toContain('trainer');
  });

  it('shows a confirmation prompt above the key hints', () => {
    const text = frame({
      view: { kind: 'fleet' },
      overlay: {
        kind: 'confirm',
        title: 'Stop trainer?',
        question: 'Stop trainer: pod h7x2k9q4m3p8za.\nIts volume is kept.',
        danger: false,
      },
    });
    expect(text).toMatch(
      /Stop trainer\?[\s\S]*Stop trainer: pod h7x2k9q4m3p8za\.[\s\S]*Its volume is kept\.[\s\S]*y confirm · n\/Esc cancel/,
    );
  });

  it('colours by threshold on a colour terminal', () => {
    chalk.level = 1;
    const hot = snapshot({
      telemetry: telemetryView({ temperatureC: 91, memoryPercent: 95, gpuUtilMax: 3 }),
    });
    const text = frame({ data: dashboard({ instances: [hot] }) }, 140);
    const red = '\u001b[31m';
    const yellow = '\u001b[33m';
    expect(text).toContain(`${red}91°C`);
    expect(text).toContain(`${red}95%`);
    expect(text).toContain(`${yellow}3%`);
  });
});

beforeEach(() => {
  chalk.level = 0;
});

afterEach(() => {
  chalk.level = 0;
});
