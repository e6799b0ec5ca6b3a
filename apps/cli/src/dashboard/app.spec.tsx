/**
 * The live dashboard with a stand-in API: keys, prompts, actions, read-only, and the API going down.
 */
import type { DashboardResponse } from '@podwatch/shared';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  dashboard,
  NOW,
  podView,
  series,
  snapshot,
  timeline,
  unmanagedPod,
} from '../../test/support/fixtures.js';
import { CliError, EXIT } from '../api-client.js';
import { DashboardApp } from './app.js';
import { type DashboardApi } from './source.js';

const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F' };

function fakeApi(data: DashboardResponse = dashboard()) {
  const calls: string[] = [];
  let down = false;
  const api: DashboardApi = {
    baseUrl: 'http://127.0.0.1:8080',
    dashboard: vi.fn((etag: string | null) => {
      if (down) {
        return Promise.reject(
          new CliError(
            'Cannot reach the Podwatch API at http://127.0.0.1:8080 (connect ECONNREFUSED 127.0.0.1:8080).',
            EXIT.apiUnreachable,
          ),
        );
      }
      return Promise.resolve(
        etag === 'v1' ? { changed: false as const } : { changed: true as const, body: data, etag: 'v1' },
      );
    }),
    telemetry: (instance) => Promise.resolve(series(instance)),
    timeline: (instance) => Promise.resolve(timeline(instance)),
    instanceAction: (instance, action) => {
      calls.push(`${action} ${instance}`);
      return Promise.resolve(
        snapshot({ instance, pod: podView({ id: 'n2b5d8f1g4k7mc', status: 'EXITED', costPerHr: 0 }) }),
      );
    },
    extend: (instance, duration) => {
      calls.push(`extend ${instance} ${duration}`);
      return Promise.resolve(snapshot({ instance, killAt: new Date(NOW + 2_370_000).toISOString() }));
    },
    podAction: (podId, action) => {
      calls.push(`${action} pod ${podId}`);
      return Promise.resolve(unmanagedPod({ status: 'EXITED', costPerHr: 0 }));
    },
  };
  return {
    api,
    calls,
    goDown: () => {
      down = true;
    },
  };
}

interface StartOptions {
  data?: DashboardResponse;
  readOnly?: boolean;
  instance?: string;
  /** The API is down from the start (and nothing was fetched before). */
  down?: boolean;
}

function start(options: StartOptions = {}) {
  const fake = fakeApi(options.data);
  if (options.down) fake.goDown();
  const data = options.data ?? dashboard();
  const app = render(
    <DashboardApp
      api={fake.api}
      refreshSeconds={5}
      readOnly={options.readOnly ?? false}
      now={() => NOW}
      {...(options.instance ? { instance: options.instance } : {})}
      {...(options.down ? {} : { initial: { data, etag: 'v1', receivedAt: NOW } })}
    />,
  );
  const frame = () => app.lastFrame() ?? '';
  const until = (text: string | RegExp) =>
    vi.waitFor(() => {
      if (typeof text === 'string') expect(frame()).toContain(text);
      else expect(frame()).toMatch(text);
    });
  return { ...fake, app, frame, until, press: (key: string) => app.stdin.write(key) };
}

afterEach(() => {
  cleanup();
});

describe(DashboardApp.name, () => {
  it('shows that the API is down when it never answered', async () => {
    const sut = start({ down: true });
    await sut.until('● API down');
    expect(sut.frame()).toContain('✖ Cannot reach the Podwatch API at http://127.0.0.1:8080');
    expect(sut.frame()).toContain('No data yet; retrying every 5s.');
  });

  it('keeps the last data on screen when the API goes down, and says how old it is', async () => {
    const sut = start();
    await sut.until('▶ trainer');
    sut.goDown();
    sut.press('r');
    await sut.until('● API down');
    expect(sut.frame()).toContain('Showing data from 12:00:00 (0s old); retrying every 5s.');
    expect(sut.frame()).toContain('llm-finetune');
  });

  it('moves the selection, asks before stopping with the pod, $/h and volume, then stops', async () => {
    const sut = start();
    await sut.until('▶ trainer');
    sut.press(KEY.down);
    await sut.until('▶ notebook');
    sut.press('s');
    await sut.until('Stop notebook?');
    expect(sut.frame()).toContain(
      'Stop notebook: pod n2b5d8f1g4k7mc (H100 SXM ×1, RUNNING, $0.69/h, US-KS-2).',
    );
    expect(sut.frame()).toContain('its 20 GB volume is kept');
    expect(sut.calls).toEqual([]);
    sut.press('y');
    await sut.until('Stop sent for notebook (pod n2b5d8f1g4k7mc): now EXITED, $0.00/h.');
    expect(sut.calls).toEqual(['stop notebook']);
  });

  it('cancels a terminate of an unmanaged pod on n, and says the volume would go', async () => {
    const sut = start();
    await sut.until('▶ trainer');
    sut.press(KEY.down);
    sut.press(KEY.down);
    await sut.until('▶ llm-finetune');
    sut.press('t');
    await sut.until('Terminate llm-finetune?');
    expect(sut.frame()).toContain('The pod and its 150 GB volume are DELETED: this cannot be undone.');
    sut.press('n');
    await sut.until('Cancelled; nothing was changed.');
    expect(sut.calls).toEqual([]);
  });

  it('disables actions with --read-only', async () => {
    const sut = start({ readOnly: true });
    await sut.until('▶ trainer');
    sut.press('s');
    await sut.until('Read-only (--read-only): stop, terminate and extend are disabled.');
    sut.press('t');
    sut.press('x');
    expect(sut.frame()).not.toContain('Stop trainer?');
    expect(sut.calls).toEqual([]);
  });

  it('opens an instance on Enter and goes back on Esc', async () => {
    const sut = start();
    await sut.until('▶ trainer');
    sut.press(KEY.enter);
    await sut.until('Time until prune: 00:09:30');
    await sut.until(/CPU +▂▃▃▃▃▃▃▃▄▄▄▄▄▄▄▅▅▅▅▅ +42%/);
    sut.press(KEY.escape);
    await sut.until('INSTANCE / POD');
  });

  it('filters the fleet with /', async () => {
    const sut = start();
    await sut.until('▶ trainer');
    sut.press('/');
    for (const char of 'note') sut.press(char);
    await sut.until('1 match');
    expect(sut.frame()).toContain('▶ notebook');
    expect(sut.frame()).not.toContain('llm-finetune');
    sut.press(KEY.escape);
    await sut.until('llm-finetune');
  });

  it('extends after asking for a duration and confirming the new prune time', async () => {
    const sut = start({ instance: 'trainer' });
    await sut.until('Time until prune: 00:09:30');
    sut.press('x');
    await sut.until('Extend trainer by: 30m');
    sut.press(KEY.enter);
    await sut.until('Extend trainer by 30m?');
    expect(sut.frame()).toContain(
      'The prune time moves from 12:09:30 to 12:39:30 (time until prune 00:09:30 → 00:39:30).',
    );
    sut.press('y');
    await sut.until('Extended trainer by 30m: prunes at 12:39:30.');
    expect(sut.calls).toEqual(['extend trainer 30m']);
  });

  it('rejects a duration it cannot read', async () => {
    const sut = start({ instance: 'trainer' });
    await sut.until('Time until prune');
    sut.press('x');
    await sut.until('Extend trainer by: 30m');
    for (const key of [KEY.backspace, KEY.backspace, KEY.backspace, 's', 'o', 'o', 'n']) sut.press(key);
    sut.press(KEY.enter);
    await sut.until('"soon" is not a duration: use e.g. 90s, 30m, 2h or 1h30m.');
    expect(sut.calls).toEqual([]);
  });

  it('shows the keys on ?', async () => {
    const sut = start();
    await sut.until('▶ trainer');
    sut.press('?');
    await sut.until('Press any key to close.');
    expect(sut.frame()).toContain('terminate the pod (asks first; pod and volume deleted)');
  });
});
