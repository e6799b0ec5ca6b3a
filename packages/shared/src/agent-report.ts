/**
 * What `podwatch agent` (running inside a pod) sends to `POST /api/v1/agents/report`, and what the
 * API answers. A shared contract: the agent builds it, the API validates and stores it, the
 * dashboards show parts of it. Versioned: a change that is not purely additive bumps `version`.
 *
 * A source the agent could not read is `{ available: false, reason }`, never zeros: `nvidia-smi`
 * missing, exiting non-zero or printing something that is not its XML; `/proc` files missing;
 * `tmux` not installed. Single values nvidia-smi prints as `N/A` are `null`.
 */
import type { ActivitySignal } from './api-types.js';

export const AGENT_REPORT_VERSION = 1;

/** A source the agent could not read, and why. */
export interface AgentUnavailable {
  available: false;
  reason: string;
}

export interface AgentGpuClocks {
  graphicsMHz: number | null;
  smMHz: number | null;
  memoryMHz: number | null;
  videoMHz: number | null;
}

/** One GPU as `nvidia-smi -q -x` reports it. `null`: nvidia-smi said `N/A` (or left it out). */
export interface AgentGpu {
  /** nvidia-smi's index (the order of `<gpu>` elements). */
  index: number;
  uuid: string | null;
  name: string | null;
  busId: string | null;
  utilPercent: number | null;
  /** Memory controller (bandwidth) utilisation, not capacity. */
  memoryUtilPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
  /** Average power draw (`average_power_draw`), else the instant or legacy `power_draw`. */
  powerWatts: number | null;
  powerLimitWatts: number | null;
  clocks: AgentGpuClocks;
}

/** A process holding a GPU context (`<process_info>`). */
export interface AgentGpuProcess {
  pid: number;
  name: string;
  /** `C` compute, `G` graphics, `C+G`; null when not reported. */
  type: string | null;
  usedMemoryMiB: number | null;
  /** Index of the GPU it runs on. */
  gpu: number;
}

export interface AgentGpuSource {
  available: true;
  driverVersion: string | null;
  cudaVersion: string | null;
  gpus: AgentGpu[];
  /**
   * Processes nvidia-smi could list. Inside a container it often lists none although some run
   * (their PIDs live in another namespace): `memoryUsedMiB` of the GPU still shows them.
   */
  processes: AgentGpuProcess[];
}

/** CPU busy share of all cores from `/proc/stat`, as a delta between two reports. */
export interface AgentCpu {
  available: true;
  /** `null` on the first report: there is no earlier reading to take the delta from yet. */
  percent: number | null;
  /** Seconds the delta covers; `null` on the first report. */
  windowSeconds: number | null;
  cores: number;
}

/** `/proc/meminfo` at the moment of the report (no delta needed). */
export interface AgentMemory {
  available: true;
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
  percent: number;
}

export type AgentDisk =
  | {
      path: string;
      available: true;
      totalBytes: number;
      usedBytes: number;
      freeBytes: number;
      usedPercent: number;
    }
  | { path: string; available: false; reason: string };

export interface AgentNetworkInterface {
  name: string;
  rxBytes: number;
  txBytes: number;
  /** `null` on the first report (no earlier counter to compare) or after a counter reset. */
  rxBytesPerSecond: number | null;
  txBytesPerSecond: number | null;
}

/** `/proc/net/dev`, loopback left out; rates are deltas between reports. */
export interface AgentNetwork {
  available: true;
  rxBytes: number;
  txBytes: number;
  rxBytesPerSecond: number | null;
  txBytesPerSecond: number | null;
  interfaces: AgentNetworkInterface[];
}

export interface AgentSshConnection {
  remoteAddress: string;
  remotePort: number;
  localPort: number;
}

/**
 * Established inbound TCP connections to the SSH port(s), from `/proc/net/tcp` and `/proc/net/tcp6`
 * (every Linux container has them; `who` and `ss` often are not installed).
 */
export interface AgentSsh {
  available: true;
  /** Local ports counted as SSH (default 22). */
  ports: number[];
  sessions: AgentSshConnection[];
}

export interface AgentTmuxSession {
  name: string;
  windows: number;
  /** Clients attached to it right now. */
  attached: number;
  createdAt: string | null;
  /** Last input or output in the session. */
  lastActivityAt: string | null;
}

export interface AgentTmux {
  available: true;
  sessions: AgentTmuxSession[];
}

export type AgentSource<T> = T | AgentUnavailable;

/** POST /api/v1/agents/report */
export interface AgentReport {
  version: typeof AGENT_REPORT_VERSION;
  /** The pod the agent runs in (`RUNPOD_POD_ID`). */
  podId: string;
  /** When the agent read its sources (the agent's clock). */
  collectedAt: string;
  /**
   * When this delivery attempt left the agent (the agent's clock). With `collectedAt` it lets the
   * API place a buffered report on its own clock even when the pod's clock is off.
   */
  sentAt?: string;
  /** Reports the agent dropped (its buffer was full, oldest first) since the last one delivered. */
  dropped: number;
  agent: { version: string; hostname: string; intervalSeconds: number };
  gpu: AgentSource<AgentGpuSource>;
  cpu: AgentSource<AgentCpu>;
  memory: AgentSource<AgentMemory>;
  disks: AgentDisk[];
  network: AgentSource<AgentNetwork>;
  ssh: AgentSource<AgentSsh>;
  tmux: AgentSource<AgentTmux>;
}

/** The sources of a report that can be unavailable. */
export type AgentSourceName = 'gpu' | 'cpu' | 'memory' | 'network' | 'ssh' | 'tmux' | `disk:${string}`;

/** An activity signal a report produced for its instance. */
export interface AgentReportActivity {
  signal: Extract<ActivitySignal, 'agent-gpu' | 'gpu-process' | 'ssh-session'>;
  detail: string;
  /** The source could not be read: counted as activity because idleness is not known. */
  unknown: boolean;
}

/** The API's answer to a report. */
export interface AgentReportResult {
  podId: string;
  /** The instance that owns the pod, or null (an unmanaged pod: stored, no countdown). */
  instance: string | null;
  /** The report's time on the API's clock (what the sample and any activity are stamped with). */
  recordedAt: string;
  /** What reset the instance's countdown; empty when the pod looked idle. */
  activity: AgentReportActivity[];
}

/** The newest agent report of an instance's pod, as the instance views show it. */
export interface InstanceAgentView {
  reportedAt: string;
  /** Reported within the last 2 minutes (or three of its intervals, if longer). */
  current: boolean;
  hostname: string;
  gpus: AgentGpu[];
  processes: AgentGpuProcess[];
  /** `null`: the agent could not read them (see `unavailable`). */
  sshSessions: AgentSshConnection[] | null;
  tmuxSessions: AgentTmuxSession[] | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  disks: AgentDisk[];
  /** What this report reset the countdown with. */
  activity: AgentReportActivity[];
  unavailable: { source: AgentSourceName; reason: string }[];
}
