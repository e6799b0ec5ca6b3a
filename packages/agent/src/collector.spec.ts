import { cp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_REPORT_VERSION } from '@podwatch/shared';
import { H100_IDLE_XML, PROC_FIRST, PROC_SECOND, scratchDir, smiPrinting } from '../test/support/fixtures.js';
import { ReportCollector } from './collector.js';
import type { StatFs } from './disks.js';
import { REPORT_VERSION } from './version.js';

const statfs: StatFs = (path) =>
  path === '/'
    ? Promise.resolve({ bsize: 4096, blocks: 1000, bfree: 600, bavail: 600 })
    : Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }));

describe(ReportCollector.name, () => {
  let dir: string;
  let procRoot: string;
  let nvidiaSmi: string;
  beforeAll(async () => {
    dir = await scratchDir();
    procRoot = `${dir}/proc`;
    nvidiaSmi = await smiPrinting(dir, H100_IDLE_XML);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('speaks the shared contract’s report version', () => {
    expect(REPORT_VERSION).toBe(AGENT_REPORT_VERSION);
  });

  it('reads every source; rates need a second report', async () => {
    let monotonic = 0;
    const sut = new ReportCollector({
      podId: 'h100pod0000001',
      intervalSeconds: 15,
      nvidiaSmi,
      tmux: 'tmux-not-installed-podwatch',
      procRoot,
      statfs,
      diskPaths: ['/', '/workspace'],
      now: () => new Date('2026-11-22T12:00:00Z'),
      monotonicMs: () => monotonic,
      hostname: 'h100pod0000001',
    });
    await cp(PROC_FIRST, procRoot, { recursive: true });
    const first = await sut.collect();
    expect(first).toMatchObject({
      version: 1,
      podId: 'h100pod0000001',
      collectedAt: '2026-11-22T12:00:00.000Z',
      dropped: 0,
      agent: { version: '0.1.0', hostname: 'h100pod0000001', intervalSeconds: 15 },
      gpu: { available: true, gpus: [{ name: 'NVIDIA H100 80GB HBM3', utilPercent: 0 }], processes: [] },
      cpu: { available: true, percent: null, windowSeconds: null, cores: 4 },
      memory: { available: true, percent: 25, totalBytes: 131_072_000 * 1024 },
      disks: [
        { path: '/', available: true, usedPercent: 40 },
        {
          path: '/workspace',
          available: false,
          reason: '/workspace does not exist (no volume mounted there)',
        },
      ],
      network: { available: true, rxBytes: 1_000_000_000, rxBytesPerSecond: null, txBytesPerSecond: null },
      ssh: { available: true, ports: [22] },
      tmux: { available: false, reason: 'tmux not found: no tmux-not-installed-podwatch on the PATH' },
    });
    expect(first.ssh.available && first.ssh.sessions).toHaveLength(3);

    monotonic = 10_000;
    await rm(procRoot, { recursive: true });
    await cp(PROC_SECOND, procRoot, { recursive: true });
    const second = await sut.collect();
    expect(second.cpu).toEqual({ available: true, percent: 25, windowSeconds: 10, cores: 4 });
    expect(second.network).toMatchObject({
      rxBytesPerSecond: 1_000_000,
      txBytesPerSecond: 200_000,
      interfaces: [{ name: 'eth0', rxBytesPerSecond: 1_000_000, txBytesPerSecond: 200_000 }],
    });
    expect(second.ssh.available && second.ssh.sessions).toHaveLength(1);
  });

  it('reports every source it cannot read as unavailable, never as zero', async () => {
    const sut = new ReportCollector({
      podId: 'p',
      intervalSeconds: 15,
      nvidiaSmi: `${dir}/no-such-nvidia-smi`,
      tmux: 'tmux-not-installed-podwatch',
      procRoot: `${dir}/no-proc`,
      statfs,
      diskPaths: ['/workspace'],
    });
    const report = await sut.collect();
    for (const source of [report.gpu, report.cpu, report.memory, report.network, report.ssh, report.tmux]) {
      expect(source).toEqual({ available: false, reason: expect.any(String) as string });
    }
    expect(report.gpu).toEqual({ available: false, reason: `${dir}/no-such-nvidia-smi does not exist` });
    expect(!report.cpu.available && report.cpu.reason).toMatch(/ENOENT.*no-proc\/stat/);
    expect(report.disks).toEqual([
      { path: '/workspace', available: false, reason: '/workspace does not exist (no volume mounted there)' },
    ]);
  });
});
