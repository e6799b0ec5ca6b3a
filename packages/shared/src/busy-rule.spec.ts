import { describe, expect, it } from 'vitest';
import { judgeBusy } from './busy-rule.js';

describe('judgeBusy', () => {
  it('lets the busiest GPU decide, not the average', () => {
    const verdict = judgeBusy({ gpuCount: 8, gpuUtilPercents: [0, 0, 0, 90, 0, 0, 0, 0], cpuPercent: 0 }, 10);
    expect(verdict).toEqual({ busy: true, unknown: false, reason: 'GPU 3 at 90% (threshold 10%)' });
  });

  it('is idle when every GPU is below the threshold, whatever the CPU does', () => {
    expect(judgeBusy({ gpuCount: 2, gpuUtilPercents: [9, 2], cpuPercent: 99 }, 10)).toMatchObject({
      busy: false,
    });
  });

  it('judges a CPU pod by its CPU', () => {
    expect(judgeBusy({ gpuCount: 0, gpuUtilPercents: [], cpuPercent: 40 }, 10).busy).toBe(true);
    expect(judgeBusy({ gpuCount: 0, gpuUtilPercents: [], cpuPercent: 4 }, 10).busy).toBe(false);
  });

  it('counts missing or unreadable data as activity', () => {
    expect(judgeBusy(null, 10)).toMatchObject({ busy: true, unknown: true });
    expect(judgeBusy({ gpuCount: 1, gpuUtilPercents: [], cpuPercent: 0 }, 10)).toMatchObject({
      busy: true,
      unknown: true,
    });
    expect(judgeBusy({ gpuCount: 2, gpuUtilPercents: [Number.NaN, 1], cpuPercent: 0 }, 10)).toMatchObject({
      busy: true,
      unknown: true,
      reason: 'no utilisation (N/A) for GPU 0: counted as activity',
    });
    expect(judgeBusy({ gpuCount: 0, gpuUtilPercents: [], cpuPercent: null }, 10)).toMatchObject({
      busy: true,
      unknown: true,
    });
  });

  it('prefers a measured busy GPU over an unreadable one as the reason', () => {
    expect(judgeBusy({ gpuCount: 2, gpuUtilPercents: [null, 50], cpuPercent: 0 }, 10)).toEqual({
      busy: true,
      unknown: false,
      reason: 'GPU 1 at 50% (threshold 10%)',
    });
  });
});
