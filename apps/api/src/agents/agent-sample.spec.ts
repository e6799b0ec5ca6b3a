import { describe, expect, it } from '@jest/globals';
import type { AgentGpuSource, AgentReport } from '@podwatch/shared';
import { buildAgentSample, placeOnServerClock } from './agent-sample.js';
import { AGENT_REPORT_EXAMPLE } from './dto/agent-report.example.js';

describe(placeOnServerClock.name, () => {
  const now = new Date('2026-11-22T12:00:00.000Z');

  it('keeps the delay between collection and sending, on the API’s clock', () => {
    // The pod's clock is an hour ahead; the report waited 30 s in its buffer.
    expect(
      placeOnServerClock('2026-11-22T13:00:00.000Z', '2026-11-22T13:00:30.000Z', now).toISOString(),
    ).toBe('2026-11-22T11:59:30.000Z');
  });

  it('takes the pod’s time without sentAt, but never a time after now', () => {
    expect(placeOnServerClock('2026-11-22T11:59:00.000Z', undefined, now).toISOString()).toBe(
      '2026-11-22T11:59:00.000Z',
    );
    expect(placeOnServerClock('2026-11-22T13:00:00.000Z', undefined, now)).toEqual(now);
    expect(placeOnServerClock('2026-11-22T13:00:00.000Z', '2026-11-22T12:59:00.000Z', now)).toEqual(now);
  });
});

const H100 = (AGENT_REPORT_EXAMPLE.gpu as AgentGpuSource).gpus[0]!;

describe(buildAgentSample.name, () => {
  it('fills the shared columns from the GPUs and keeps the rest in extra', () => {
    const report: AgentReport = {
      ...AGENT_REPORT_EXAMPLE,
      gpu: {
        available: true,
        driverVersion: null,
        cudaVersion: null,
        gpus: [
          { ...H100, index: 0, utilPercent: 80, memoryUsedMiB: 40779.5, temperatureC: 60, powerWatts: 400 },
          { ...H100, index: 1, utilPercent: null, temperatureC: null, powerWatts: 100 },
        ],
        processes: [],
      },
    };
    const at = new Date('2026-11-22T12:00:00.000Z');
    const activity = [
      { signal: 'agent-gpu' as const, unknown: false, detail: 'GPU 0 at 80% (threshold 10%)' },
    ];
    const sut = buildAgentSample(report, 'instance-id', at, activity);
    expect(sut).toMatchObject({
      podId: 'h100pod0000001',
      instanceId: 'instance-id',
      time: at,
      source: 'agent',
      costPerHr: null,
      cpuPercent: 1.2,
      memoryPercent: 5,
      gpuUtilMax: 80,
      gpuUtilAvg: 80,
      gpuMemPercent: 25,
      temperatureC: 60,
      powerWatts: 500,
      busy: true,
    });
    expect(sut.gpuUtil).toEqual([80, Number.NaN]);
    expect(sut.extra).toMatchObject({ version: 1, ssh: report.ssh, disks: report.disks, activity });
    expect(sut.extra).not.toHaveProperty('podId');
  });

  it('leaves GPU columns empty when the GPU could not be read', () => {
    const sut = buildAgentSample(
      { ...AGENT_REPORT_EXAMPLE, gpu: { available: false, reason: 'x' } },
      null,
      new Date(),
      [],
    );
    expect(sut).toMatchObject({
      gpuUtilMax: null,
      gpuUtilAvg: null,
      temperatureC: null,
      powerWatts: null,
      gpuUtil: [],
      busy: false,
    });
  });
});
