/**
 * One report: every source read in parallel, each one's failure contained as "unavailable" with
 * the reason. CPU and network rates are deltas against the previous report of this collector,
 * so the first report has them as null.
 */
import { hostname as osHostname } from 'node:os';
import type {
  AgentCpu,
  AgentDisk,
  AgentMemory,
  AgentNetwork,
  AgentNetworkInterface,
  AgentReport,
  AgentSsh,
  AgentUnavailable,
} from '@podwatch/shared';
import { DEFAULT_DISK_PATHS, readDisks, type StatFs } from './disks.js';
import { errorMessage } from './errors.js';
import type { CommandRunner } from './exec.js';
import { readGpus } from './nvidia-smi.js';
import {
  type CpuTimes,
  cpuPercent,
  type InterfaceCounters,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  readProcFile,
  readSshSessions,
  round1,
} from './proc.js';
import { readTmux } from './tmux.js';
import { AGENT_VERSION, REPORT_VERSION } from './version.js';

export interface CollectorOptions {
  podId: string;
  intervalSeconds: number;
  /** The nvidia-smi executable (`NVIDIA_SMI`, else `nvidia-smi`). */
  nvidiaSmi: string;
  tmux?: string;
  /** Where /proc is; tests point it at fixture files. */
  procRoot?: string;
  diskPaths?: string[];
  sshPorts?: number[];
  statfs?: StatFs;
  run?: CommandRunner;
  now?: () => Date;
  /** Milliseconds on a clock that never jumps (rates and CPU windows). */
  monotonicMs?: () => number;
  hostname?: string;
}

/** Runs `read`; a throw becomes `{ available: false, reason }`. */
async function contained<T>(read: () => Promise<T | AgentUnavailable>): Promise<T | AgentUnavailable> {
  try {
    return await read();
  } catch (error) {
    return { available: false, reason: errorMessage(error) };
  }
}

const perSecond = (delta: number, seconds: number): number | null =>
  seconds > 0 && delta >= 0 ? round1(delta / seconds) : null;

export class ReportCollector {
  private previousCpu: { times: CpuTimes; at: number } | null = null;
  private previousNet: { counters: Map<string, InterfaceCounters>; at: number } | null = null;
  private readonly procRoot: string;
  private readonly now: () => Date;
  private readonly monotonicMs: () => number;

  constructor(private readonly options: CollectorOptions) {
    this.procRoot = options.procRoot ?? '/proc';
    this.now = options.now ?? (() => new Date());
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  async collect(): Promise<AgentReport> {
    const collectedAt = this.now();
    const [gpu, cpu, memory, disks, network, ssh, tmux] = await Promise.all([
      contained(() =>
        readGpus({ command: this.options.nvidiaSmi, ...(this.options.run ? { run: this.options.run } : {}) }),
      ),
      contained(() => this.readCpu()),
      contained(() => this.readMemory()),
      this.readDisks(),
      contained(() => this.readNetwork()),
      contained(() => this.readSsh()),
      contained(() =>
        readTmux({
          ...(this.options.tmux ? { command: this.options.tmux } : {}),
          ...(this.options.run ? { run: this.options.run } : {}),
        }),
      ),
    ]);
    return {
      version: REPORT_VERSION,
      podId: this.options.podId,
      collectedAt: collectedAt.toISOString(),
      dropped: 0,
      agent: {
        version: AGENT_VERSION,
        hostname: this.options.hostname ?? osHostname(),
        intervalSeconds: this.options.intervalSeconds,
      },
      gpu,
      cpu,
      memory,
      disks,
      network,
      ssh,
      tmux,
    };
  }

  /** readDisks contains each path's failure; should it throw all the same, every path says why. */
  private async readDisks(): Promise<AgentDisk[]> {
    const paths = this.options.diskPaths ?? DEFAULT_DISK_PATHS;
    try {
      return await readDisks(paths, this.options.statfs);
    } catch (error) {
      return paths.map((path) => ({ path, available: false, reason: errorMessage(error) }));
    }
  }

  private async readCpu(): Promise<AgentCpu> {
    const times = parseProcStat(await readProcFile(this.procRoot, 'stat'));
    const at = this.monotonicMs();
    const previous = this.previousCpu;
    this.previousCpu = { times, at };
    return {
      available: true,
      percent: previous ? cpuPercent(previous.times, times) : null,
      windowSeconds: previous ? round1((at - previous.at) / 1000) : null,
      cores: times.cores,
    };
  }

  private async readMemory(): Promise<AgentMemory> {
    const info = parseMeminfo(await readProcFile(this.procRoot, 'meminfo'));
    const usedBytes = info.totalBytes - info.availableBytes;
    return {
      available: true,
      totalBytes: info.totalBytes,
      availableBytes: info.availableBytes,
      usedBytes,
      percent: round1((usedBytes / info.totalBytes) * 100),
    };
  }

  private async readNetwork(): Promise<AgentNetwork> {
    const counters = parseNetDev(await readProcFile(this.procRoot, 'net/dev'));
    const at = this.monotonicMs();
    const previous = this.previousNet;
    this.previousNet = { counters: new Map(counters.map((c) => [c.name, c])), at };
    const seconds = previous ? (at - previous.at) / 1000 : 0;
    const interfaces: AgentNetworkInterface[] = counters.map((c) => {
      const before = previous?.counters.get(c.name);
      return {
        name: c.name,
        rxBytes: c.rxBytes,
        txBytes: c.txBytes,
        rxBytesPerSecond: before ? perSecond(c.rxBytes - before.rxBytes, seconds) : null,
        txBytesPerSecond: before ? perSecond(c.txBytes - before.txBytes, seconds) : null,
      };
    });
    const sum = (pick: (i: AgentNetworkInterface) => number | null) => {
      const values = interfaces.map(pick);
      return values.some((v) => v === null) ? null : round1(values.reduce<number>((a, b) => a + b!, 0));
    };
    return {
      available: true,
      rxBytes: counters.reduce((a, c) => a + c.rxBytes, 0),
      txBytes: counters.reduce((a, c) => a + c.txBytes, 0),
      rxBytesPerSecond: previous ? sum((i) => i.rxBytesPerSecond) : null,
      txBytesPerSecond: previous ? sum((i) => i.txBytesPerSecond) : null,
      interfaces,
    };
  }

  private async readSsh(): Promise<AgentSsh | AgentUnavailable> {
    const ports = this.options.sshPorts ?? [22];
    const result = await readSshSessions(this.procRoot, ports);
    return result.ok
      ? { available: true, ports, sessions: result.sessions }
      : { available: false, reason: result.reason };
  }
}
