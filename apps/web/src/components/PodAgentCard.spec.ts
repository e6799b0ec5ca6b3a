import type { InstanceAgentView } from '@podwatch/shared';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOW } from '@/test-support/fixtures';
import PodAgentCard from './PodAgentCard.vue';

enableAutoUnmount(afterEach);

const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

function agent(overrides: Partial<InstanceAgentView> = {}): InstanceAgentView {
  return {
    reportedAt: ago(14),
    current: true,
    hostname: 'n2b5d8f1g4k7mc',
    gpus: [],
    processes: [{ pid: 4242, name: 'python train.py', type: 'C', usedMemoryMiB: 30_512, gpu: 0 }],
    sshSessions: [{ remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 }],
    tmuxSessions: [
      { name: 'claude', windows: 2, attached: 1, createdAt: ago(7200), lastActivityAt: ago(20) },
      { name: 'train', windows: 1, attached: 0, createdAt: ago(7000), lastActivityAt: null },
    ],
    cpuPercent: 38,
    memoryPercent: 61,
    disks: [
      { path: '/', available: true, totalBytes: 100, usedBytes: 40, freeBytes: 60, usedPercent: 40 },
      { path: '/workspace', available: false, reason: '/workspace does not exist (no volume mounted there)' },
    ],
    activity: [
      { signal: 'gpu-process', unknown: false, detail: 'python train.py (pid 4242) on GPU 0, 30512 MiB' },
    ],
    unavailable: [
      { source: 'disk:/workspace', reason: '/workspace does not exist (no volume mounted there)' },
    ],
    ...overrides,
  };
}

describe('PodAgentCard', () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('shows GPU processes, SSH and tmux sessions the agent reported', () => {
    const wrapper = mount(PodAgentCard, { props: { agent: agent() } });
    expect(wrapper.text()).toContain('reporting');
    expect(wrapper.text()).toContain('n2b5d8f1g4k7mc');
    expect(wrapper.text()).toContain('CPU 38% · memory 61% · / 40%');
    const process = wrapper.get('[data-testid="agent-processes"] tbody tr');
    expect(process.findAll('td').map((td) => td.text())).toEqual([
      '4242',
      'python train.py',
      '#0',
      '30,512 MiB',
    ]);
    expect(wrapper.get('[data-testid="agent-ssh"]').text()).toBe('203.0.113.7:51544');
    const tmux = wrapper.findAll('[data-testid="agent-tmux"] li').map((li) => li.text().replace(/\s+/g, ' '));
    expect(tmux[0]).toBe('claude · 2 windows · attached · active 20 s ago');
    expect(tmux[1]).toBe('train · 1 window');
    expect(wrapper.get('[data-testid="agent-activity"]').text()).toContain('GPU process (agent)');
    expect(wrapper.get('[data-testid="agent-unavailable"]').text()).toContain(
      'disk:/workspace /workspace does not exist (no volume mounted there)',
    );
  });

  it('says unknown, not none, for what the agent could not read, and when it went silent', () => {
    const wrapper = mount(PodAgentCard, {
      props: {
        agent: agent({
          current: false,
          reportedAt: ago(600),
          processes: [],
          sshSessions: null,
          tmuxSessions: [],
          activity: [],
          unavailable: [
            { source: 'gpu', reason: 'nvidia-smi not found: no nvidia-smi on the PATH' },
            { source: 'ssh', reason: 'ENOENT: /proc/net/tcp' },
          ],
        }),
      },
    });
    expect(wrapper.text()).toContain('silent');
    expect(wrapper.get('[data-testid="agent-processes"]').text()).toBe('Unknown: the GPU could not be read.');
    expect(wrapper.get('[data-testid="agent-ssh"]').text()).toBe('Unknown.');
    expect(wrapper.get('[data-testid="agent-tmux"]').text()).toBe('None.');
    expect(wrapper.find('[data-testid="agent-activity"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="agent-unavailable"] li').map((li) => li.text())).toEqual([
      'gpu nvidia-smi not found: no nvidia-smi on the PATH',
      'ssh ENOENT: /proc/net/tcp',
    ]);
  });

  it('says none when the GPU was read and nothing runs on it', () => {
    const wrapper = mount(PodAgentCard, { props: { agent: agent({ processes: [], unavailable: [] }) } });
    expect(wrapper.get('[data-testid="agent-processes"]').text()).toBe('None.');
    expect(wrapper.find('[data-testid="agent-unavailable"]').exists()).toBe(false);
  });
});
