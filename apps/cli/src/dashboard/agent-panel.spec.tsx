/** The instance dashboard with a pod agent's report: GPU processes, SSH and tmux sessions, unread sources. */
import type { InstanceAgentView } from '@podwatch/shared';
import { describe, expect, it } from 'vitest';
import { dashboard, iso, snapshot } from '../../test/support/fixtures.js';
import { renderScreen } from '../../test/support/screen.js';

const H100 = {
  index: 0,
  uuid: 'GPU-51e86edc-1aa5-c3e9-7346-745a3c326f72',
  name: 'NVIDIA H100 80GB HBM3',
  busId: '00000000:00:06.0',
  utilPercent: 97,
  memoryUtilPercent: 40,
  memoryUsedMiB: 30_980,
  memoryTotalMiB: 81_559,
  temperatureC: 71,
  powerWatts: 590,
  powerLimitWatts: 700,
  clocks: { graphicsMHz: 1980, smMHz: 1980, memoryMHz: 2619, videoMHz: 1545 },
};

function agentView(overrides: Partial<InstanceAgentView> = {}): InstanceAgentView {
  return {
    reportedAt: iso(-14),
    current: true,
    hostname: 'h7x2k9q4m3p8za',
    gpus: [H100],
    processes: [{ pid: 4242, name: 'python train.py', type: 'C', usedMemoryMiB: 30_512, gpu: 0 }],
    sshSessions: [
      { remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 },
      { remoteAddress: '203.0.113.7', remotePort: 51545, localPort: 22 },
    ],
    tmuxSessions: [
      { name: 'claude', windows: 2, attached: 1, createdAt: iso(-7200), lastActivityAt: iso(-20) },
      { name: 'train', windows: 1, attached: 0, createdAt: iso(-7000), lastActivityAt: iso(-60) },
    ],
    cpuPercent: 38,
    memoryPercent: 61,
    disks: [
      { path: '/', available: true, totalBytes: 100, usedBytes: 40, freeBytes: 60, usedPercent: 40 },
      { path: '/workspace', available: true, totalBytes: 100, usedBytes: 72, freeBytes: 28, usedPercent: 72 },
    ],
    activity: [
      { signal: 'gpu-process', unknown: false, detail: 'python train.py (pid 4242) on GPU 0, 30512 MiB' },
    ],
    unavailable: [],
    ...overrides,
  };
}

function frame(agent: InstanceAgentView | null, columns = 120): string {
  return renderScreen({ data: dashboard({ instances: [snapshot({ agent })] }), height: 48 }, columns);
}

describe('the instance dashboard with a pod agent', () => {
  it('shows GPU processes, SSH and tmux sessions the agent reported', () => {
    const text = frame(agentView());
    expect(text).toMatch(
      /Pod agent +reported 14s ago · h7x2k9q4m3p8za · CPU 38% · mem 61% · \/ 40% · \/workspace 72%/,
    );
    expect(text).toMatch(/GPU procs +python train\.py {2}pid 4242 · GPU 0 · 30512 MiB/);
    expect(text).toMatch(/Sessions +SSH 2 from 203\.0\.113\.7 · tmux 2: claude \(attached\), train/);
    expect(text).not.toContain('Unread');
  });

  it('says what the agent could not read instead of showing zeros, and when it went silent', () => {
    const text = frame(
      agentView({
        current: false,
        reportedAt: iso(-600),
        gpus: [],
        processes: [],
        sshSessions: null,
        tmuxSessions: [],
        unavailable: [
          { source: 'gpu', reason: 'nvidia-smi not found: no nvidia-smi on the PATH' },
          { source: 'ssh', reason: 'ENOENT: /proc/net/tcp' },
        ],
      }),
      160,
    );
    expect(text).toMatch(/Pod agent +silent since 10m ago/);
    expect(text).toMatch(/GPU procs +unknown: the GPU could not be read/);
    expect(text).toMatch(/Sessions +SSH unknown · tmux none/);
    expect(text).toMatch(
      /Unread +gpu: nvidia-smi not found: no nvidia-smi on the PATH · ssh: ENOENT: \/proc\/net\/tcp/,
    );
  });

  it('lists a few processes and sums up the rest', () => {
    const processes = Array.from({ length: 5 }, (_, i) => ({
      pid: 100 + i,
      name: `worker-${i}`,
      type: 'C',
      usedMemoryMiB: 1000,
      gpu: 0,
    }));
    const text = frame(agentView({ processes }));
    expect(text).toMatch(/GPU procs +worker-0 {2}pid 100/);
    expect(text).toMatch(/^ {12}worker-2 {2}pid 102/m);
    expect(text).toMatch(/^ {12}\+2 more/m);
    expect(text).not.toContain('worker-3');
  });

  it('shows nothing of an agent when none reported', () => {
    expect(frame(null)).not.toContain('Pod agent');
  });
});
