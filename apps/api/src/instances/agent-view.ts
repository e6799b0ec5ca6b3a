/**
 * The newest agent report of an instance's pod as the views show it: GPUs and their processes,
 * SSH and tmux sessions, and the sources the agent could not read.
 */
import type { AgentSourceName, InstanceAgentView } from '@podwatch/shared';
import type { AgentSampleExtra } from '../agents/agent-sample.js';
import { stretchGapSeconds } from '../agents/agent-activity.js';

/** Agent reports older than this are not shown as the pod's state. */
export const AGENT_VIEW_WINDOW_SECONDS = 3600;

type Source = { available: boolean; reason?: string } | undefined;

export function toInstanceAgentView(time: Date, stored: unknown, now: Date): InstanceAgentView {
  // Written by AgentReportsService from a validated report; read defensively all the same.
  const extra = (stored ?? {}) as Partial<AgentSampleExtra>;
  const gpu = extra.gpu?.available ? extra.gpu : null;
  const ssh = extra.ssh?.available ? extra.ssh : null;
  const tmux = extra.tmux?.available ? extra.tmux : null;
  const sources: [AgentSourceName, Source][] = [
    ['gpu', extra.gpu],
    ['cpu', extra.cpu],
    ['memory', extra.memory],
    ['network', extra.network],
    ['ssh', extra.ssh],
    ['tmux', extra.tmux],
    ...(extra.disks ?? []).map((d): [AgentSourceName, Source] => [`disk:${d.path}`, d]),
  ];
  const interval = extra.agent?.intervalSeconds ?? 15;
  return {
    reportedAt: time.toISOString(),
    current: now.getTime() - time.getTime() < stretchGapSeconds(interval) * 1000,
    hostname: extra.agent?.hostname ?? '',
    gpus: gpu?.gpus ?? [],
    processes: gpu?.processes ?? [],
    sshSessions: ssh?.sessions ?? null,
    tmuxSessions: tmux?.sessions ?? null,
    cpuPercent: extra.cpu?.available ? extra.cpu.percent : null,
    memoryPercent: extra.memory?.available ? extra.memory.percent : null,
    disks: extra.disks ?? [],
    activity: extra.activity ?? [],
    unavailable: sources.flatMap(([source, value]) =>
      value && value.available === false ? [{ source, reason: value.reason ?? 'unavailable' }] : [],
    ),
  };
}
