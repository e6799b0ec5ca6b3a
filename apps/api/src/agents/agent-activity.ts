/**
 * What an agent report says about an instance's activity (DESIGN §2, Activity): a GPU at or above
 * the threshold (the busiest one decides), a process holding a GPU, an open SSH session — each of
 * the last two switchable in podwatch.yaml. A source the agent could not read is not "idle": it
 * counts as activity, marked unknown, so a countdown never reaches zero on what was not seen.
 */
import {
  type AgentReport,
  type AgentReportActivity,
  judgeBusy,
  type UtilisationReading,
} from '@podwatch/shared';
import { AGENT_ACTIVE_SECONDS } from '../instances/related-views.js';

export interface AgentActivityPolicy {
  /** `activity.gpuUtilPercent` of the instance. */
  gpuUtilThreshold: number;
  /** `activity.gpuProcess`: a GPU compute process counts as activity. */
  gpuProcess: boolean;
  /** `activity.sshSession`: an open SSH session counts as activity. */
  sshSession: boolean;
  /**
   * The pod has GPUs (or it is not known that it has none). On a CPU pod RunPod reports no GPU,
   * and an agent that finds no nvidia-smi there says nothing unknown.
   */
  gpuExpected: boolean;
}

/**
 * GPU memory in use although nvidia-smi lists no process: inside a container it often cannot list
 * them (their PIDs live in the host's namespace). A CUDA context alone takes hundreds of MiB; an
 * idle GPU shows 0 to a few MiB.
 */
export const GPU_MEMORY_IN_USE_MIB = 64;

/**
 * Two reports further apart than this belong to different stretches (the agent stopped or could
 * not deliver): 2 minutes, like agent sessions, or three of its intervals if that is longer.
 */
export function stretchGapSeconds(intervalSeconds: number): number {
  return Math.max(AGENT_ACTIVE_SECONDS, 3 * intervalSeconds);
}

/** `activitySignals` as stored on the instance (JSON; missing keys mean the default, on). */
export function activitySignalsOf(value: unknown): { gpuProcess: boolean; sshSession: boolean } {
  const signals = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { gpuProcess: signals.gpuProcess !== false, sshSession: signals.sshSession !== false };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * What the report reads of the pod's utilisation, for the shared is-busy rule: its GPUs on a GPU
 * pod (`null` when nvidia-smi could not be read), its CPU on a CPU pod.
 */
export function agentReading(report: AgentReport, gpuExpected: boolean): UtilisationReading | null {
  const gpu = report.gpu;
  if (!gpuExpected) {
    return { gpuCount: 0, gpuUtilPercents: [], cpuPercent: report.cpu.available ? report.cpu.percent : null };
  }
  if (!gpu.available) return null;
  return {
    gpuCount: Math.max(1, gpu.gpus.length),
    gpuUtilPercents: gpu.gpus.map((g) => g.utilPercent),
    cpuPercent: report.cpu.available ? report.cpu.percent : null,
  };
}

function gpuActivity(report: AgentReport, policy: AgentActivityPolicy): AgentReportActivity[] {
  const gpu = report.gpu;
  const verdict = judgeBusy(agentReading(report, policy.gpuExpected), policy.gpuUtilThreshold);
  const found: AgentReportActivity[] = [];
  if (verdict.busy) {
    const detail = !verdict.unknown
      ? verdict.reason
      : !gpu.available && policy.gpuExpected
        ? `activity unknown: the agent could not read the GPU (${gpu.reason}); counted as activity`
        : `activity unknown: ${verdict.reason}`;
    found.push({ signal: 'agent-gpu', unknown: verdict.unknown, detail });
  }
  if (!gpu.available) return found;

  if (policy.gpuProcess) {
    const processes = gpu.processes;
    if (processes.length > 0) {
      const first = processes[0]!;
      const memory = first.usedMemoryMiB === null ? '' : `, ${first.usedMemoryMiB} MiB`;
      const more = processes.length > 1 ? ` and ${plural(processes.length - 1, 'more process')}` : '';
      found.push({
        signal: 'gpu-process',
        unknown: false,
        detail: `${first.name || 'a process'} (pid ${first.pid}) on GPU ${first.gpu}${memory}${more}`,
      });
    } else {
      const holding = gpu.gpus.find((g) => (g.memoryUsedMiB ?? 0) >= GPU_MEMORY_IN_USE_MIB);
      if (holding) {
        found.push({
          signal: 'gpu-process',
          unknown: false,
          detail: `GPU ${holding.index} holds ${holding.memoryUsedMiB} MiB: a process the container cannot list`,
        });
      }
    }
  }
  return found;
}

function sshActivity(report: AgentReport, policy: AgentActivityPolicy): AgentReportActivity[] {
  if (!policy.sshSession) return [];
  const ssh = report.ssh;
  if (!ssh.available) {
    return [
      {
        signal: 'ssh-session',
        unknown: true,
        detail: `activity unknown: the agent could not read SSH sessions (${ssh.reason}); counted as activity`,
      },
    ];
  }
  if (ssh.sessions.length === 0) return [];
  const from = [...new Set(ssh.sessions.map((s) => s.remoteAddress))];
  return [
    {
      signal: 'ssh-session',
      unknown: false,
      detail: `${plural(ssh.sessions.length, 'SSH session')} open (from ${from.slice(0, 3).join(', ')}${from.length > 3 ? ', …' : ''})`,
    },
  ];
}

/**
 * The activity a report shows, in the order it is recorded: SSH first, the GPU last, so that the
 * snapshot's "last reset by" names the strongest evidence.
 */
export function deriveAgentActivity(report: AgentReport, policy: AgentActivityPolicy): AgentReportActivity[] {
  const gpu = gpuActivity(report, policy);
  return [
    ...sshActivity(report, policy),
    ...gpu.filter((a) => a.signal === 'gpu-process'),
    ...gpu.filter((a) => a.signal === 'agent-gpu'),
  ];
}
