import { describe, expect, it } from 'vitest';
import { exitCodeFor, parseInterval, resolveAgentOptions, UsageError } from './cli.js';

describe(resolveAgentOptions.name, () => {
  const env = {
    PODWATCH_URL: 'https://podwatch.example.com',
    RUNPOD_POD_ID: 'abc123',
    PODWATCH_AGENT_TOKEN: 'tok-from-env',
  };

  it('takes defaults from the environment RunPod and the user set', () => {
    expect(resolveAgentOptions({}, { ...env, NVIDIA_SMI: '/opt/bin/nvidia-smi' }).options).toEqual({
      url: 'https://podwatch.example.com',
      token: 'tok-from-env',
      podId: 'abc123',
      intervalSeconds: 15,
      once: false,
      print: false,
      bufferSize: 240,
      nvidiaSmi: '/opt/bin/nvidia-smi',
    });
  });

  it('lets flags win and falls back to PODWATCH_TOKEN', () => {
    const { options } = resolveAgentOptions(
      { url: 'http://10.0.0.5:8080', token: 'flag', podId: 'other', interval: '2m', bufferSize: '10' },
      env,
    );
    expect(options).toMatchObject({
      url: 'http://10.0.0.5:8080',
      token: 'flag',
      podId: 'other',
      intervalSeconds: 120,
      bufferSize: 10,
      nvidiaSmi: 'nvidia-smi',
    });
    expect(
      resolveAgentOptions({}, { ...env, PODWATCH_AGENT_TOKEN: undefined, PODWATCH_TOKEN: 'admin' }).options
        .token,
    ).toBe('admin');
  });

  it('only prints when there is no URL and --print is given, naming the host', () => {
    const sut = resolveAgentOptions({ print: true, once: true }, {});
    expect(sut.options.url).toBeUndefined();
    expect(sut.notes[0]).toMatch(/^no --pod-id or RUNPOD_POD_ID: the printed reports name the host/);
  });

  it.each([
    [{ url: 'ftp://x' }, '--url must be the http(s) URL'],
    [{ podId: 'not a pod id!' }, '--pod-id must be a RunPod pod id'],
    [{ interval: '0' }, '--interval must be from 1s to 60m'],
    [{ interval: 'soon' }, '--interval must be from 1s to 60m'],
    [{ bufferSize: '0' }, '--buffer-size must be a whole number'],
  ])('refuses %j', (flags, message) => {
    expect(() => resolveAgentOptions(flags, env)).toThrow(UsageError);
    expect(() => resolveAgentOptions(flags, env)).toThrow(message);
  });
});

describe(parseInterval.name, () => {
  it.each([
    ['15', 15],
    ['15s', 15],
    ['2m', 120],
    ['1.5', 1.5],
    [30, 30],
  ])('%j → %d s', (text, seconds) => {
    expect(parseInterval(text)).toBe(seconds);
  });
});

describe(exitCodeFor.name, () => {
  const summary = { reports: 1, delivered: 0, rejected: 0, dropped: 0, pending: 0 };
  it('maps the last outcome to the CLI’s exit codes', () => {
    expect(exitCodeFor({ ...summary, last: null })).toBe(0);
    expect(exitCodeFor({ ...summary, last: { kind: 'failed', reason: 'x', status: 403 } })).toBe(4);
    expect(exitCodeFor({ ...summary, last: { kind: 'failed', reason: 'x', status: 503 } })).toBe(3);
    expect(exitCodeFor({ ...summary, last: { kind: 'rejected', reason: 'x', status: 400 } })).toBe(1);
  });
});
