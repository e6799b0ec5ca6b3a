import { describe, expect, it } from '@jest/globals';
import type { AgentGpu, AgentGpuProcess, AgentGpuSource, AgentReport } from '@podwatch/shared';
import { AGENT_REPORT_EXAMPLE } from './dto/agent-report.example.js';
import {
  activitySignalsOf,
  type AgentActivityPolicy,
  deriveAgentActivity,
  stretchGapSeconds,
} from './agent-activity.js';

const policy: AgentActivityPolicy = {
  gpuUtilThreshold: 10,
  gpuProcess: true,
  sshSession: true,
  gpuExpected: true,
};
const idleGpu = (AGENT_REPORT_EXAMPLE.gpu as AgentGpuSource).gpus[0]!;

function report(overrides: Partial<AgentReport> = {}): AgentReport {
  return { ...AGENT_REPORT_EXAMPLE, ssh: { available: true, ports: [22], sessions: [] }, ...overrides };
}
function gpus(list: Partial<AgentGpu>[], processes: AgentGpuProcess[] = []): Pick<AgentReport, 'gpu'> {
  return {
    gpu: {
      available: true,
      driverVersion: '580.159.04',
      cudaVersion: '13.0',
      gpus: list.map((g, index) => ({ ...idleGpu, index, ...g })),
      processes,
    },
  };
}

describe(deriveAgentActivity.name, () => {
  it('finds nothing on the idle H100 with no session', () => {
    expect(deriveAgentActivity(report(), policy)).toEqual([]);
  });

  it('counts the busiest GPU at or above the threshold', () => {
    expect(deriveAgentActivity(report(gpus([{ utilPercent: 3 }, { utilPercent: 10 }])), policy)).toEqual([
      { signal: 'agent-gpu', unknown: false, detail: 'GPU 1 at 10% (threshold 10%)' },
    ]);
    expect(deriveAgentActivity(report(gpus([{ utilPercent: 9 }])), policy)).toEqual([]);
  });

  it('counts a GPU process, or GPU memory held by one the container cannot list', () => {
    const processes = [
      { pid: 4242, name: 'python train.py', type: 'C', usedMemoryMiB: 30512, gpu: 0 },
      { pid: 4343, name: 'python eval.py', type: 'C', usedMemoryMiB: 2000, gpu: 0 },
    ];
    expect(deriveAgentActivity(report(gpus([{ utilPercent: 0 }], processes)), policy)).toEqual([
      {
        signal: 'gpu-process',
        unknown: false,
        detail: 'python train.py (pid 4242) on GPU 0, 30512 MiB and 1 more process',
      },
    ]);
    expect(deriveAgentActivity(report(gpus([{ utilPercent: 0, memoryUsedMiB: 20_000 }])), policy)).toEqual([
      {
        signal: 'gpu-process',
        unknown: false,
        detail: 'GPU 0 holds 20000 MiB: a process the container cannot list',
      },
    ]);
    expect(
      deriveAgentActivity(report(gpus([{ memoryUsedMiB: 20_000 }], processes)), {
        ...policy,
        gpuProcess: false,
      }),
    ).toEqual([]);
  });

  it('counts open SSH sessions unless switched off', () => {
    const ssh = {
      available: true as const,
      ports: [22],
      sessions: [
        { remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 },
        { remoteAddress: '203.0.113.7', remotePort: 51545, localPort: 22 },
      ],
    };
    expect(deriveAgentActivity(report({ ssh }), policy)).toEqual([
      { signal: 'ssh-session', unknown: false, detail: '2 SSH sessions open (from 203.0.113.7)' },
    ]);
    expect(deriveAgentActivity(report({ ssh }), { ...policy, sshSession: false })).toEqual([]);
  });

  it('treats a GPU it could not read as unknown activity, never as idle', () => {
    const missing = report({
      gpu: { available: false, reason: 'nvidia-smi not found: no nvidia-smi on the PATH' },
    });
    expect(deriveAgentActivity(missing, policy)).toEqual([
      {
        signal: 'agent-gpu',
        unknown: true,
        detail:
          'activity unknown: the agent could not read the GPU (nvidia-smi not found: no nvidia-smi on the PATH); counted as activity',
      },
    ]);
    // A CPU pod (RunPod lists no GPU) has nothing to read.
    expect(deriveAgentActivity(missing, { ...policy, gpuExpected: false })).toEqual([]);
    expect(deriveAgentActivity(report(gpus([{ utilPercent: 0 }, { utilPercent: null }])), policy)).toEqual([
      {
        signal: 'agent-gpu',
        unknown: true,
        detail: 'activity unknown: no utilisation (N/A) for GPU 1: counted as activity',
      },
    ]);
    expect(deriveAgentActivity(report(gpus([])), policy)).toMatchObject([
      { signal: 'agent-gpu', unknown: true },
    ]);
    // One busy GPU settles it even when another says N/A.
    expect(
      deriveAgentActivity(report(gpus([{ utilPercent: 50 }, { utilPercent: null }])), policy),
    ).toMatchObject([{ signal: 'agent-gpu', unknown: false }]);
  });

  it('treats unreadable SSH sessions as unknown activity when they count', () => {
    const sut = report({ ssh: { available: false, reason: 'ENOENT: /proc/net/tcp' } });
    expect(deriveAgentActivity(sut, policy)).toEqual([
      {
        signal: 'ssh-session',
        unknown: true,
        detail:
          'activity unknown: the agent could not read SSH sessions (ENOENT: /proc/net/tcp); counted as activity',
      },
    ]);
    expect(deriveAgentActivity(sut, { ...policy, sshSession: false })).toEqual([]);
  });

  it('orders SSH, then GPU process, then GPU, so the strongest is recorded last', () => {
    const busy = report({
      ...gpus([{ utilPercent: 90 }], [{ pid: 1, name: 'python', type: 'C', usedMemoryMiB: 100, gpu: 0 }]),
      ssh: {
        available: true,
        ports: [22],
        sessions: [{ remoteAddress: '203.0.113.7', remotePort: 1, localPort: 22 }],
      },
    });
    expect(deriveAgentActivity(busy, policy).map((a) => a.signal)).toEqual([
      'ssh-session',
      'gpu-process',
      'agent-gpu',
    ]);
  });
});

describe(activitySignalsOf.name, () => {
  it('defaults each signal to on', () => {
    expect(activitySignalsOf({})).toEqual({ gpuProcess: true, sshSession: true });
    expect(activitySignalsOf(null)).toEqual({ gpuProcess: true, sshSession: true });
    expect(activitySignalsOf({ sshSession: false })).toEqual({ gpuProcess: true, sshSession: false });
  });
});

describe(stretchGapSeconds.name, () => {
  it('is two minutes, or three intervals when longer', () => {
    expect(stretchGapSeconds(15)).toBe(120);
    expect(stretchGapSeconds(60)).toBe(180);
  });
});
