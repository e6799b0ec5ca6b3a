/**
 * An agent report as a telemetry sample (`source: 'agent'`), beside RunPod's own: the columns take
 * what both sources share (busiest and average GPU, memory, temperature, power, CPU, memory), and
 * `extra` keeps the rest of the report (processes, sessions, disks, network, what was unavailable)
 * with the activity it produced.
 */
import type { AgentReport, AgentReportActivity, GpuTelemetry } from '@podwatch/shared';
import type { SampleInput } from '../telemetry/telemetry.repository.js';

/** What `extra` of an agent sample holds. */
export type AgentSampleExtra = Omit<AgentReport, 'podId'> & { activity: AgentReportActivity[] };

const round1 = (value: number) => Math.round(value * 10) / 10;
const defined = (values: (number | null)[]) =>
  values.filter((v): v is number => v !== null && Number.isFinite(v));

/**
 * The report's moment on the API's clock. The pod's clock may be off: the delay between the
 * report's collection and this delivery attempt (both on the pod's clock) is taken back from the
 * API's `now`. Never later than `now`.
 */
export function placeOnServerClock(collectedAt: string, sentAt: string | undefined, now: Date): Date {
  const collected = Date.parse(collectedAt);
  const sent = sentAt === undefined ? Number.NaN : Date.parse(sentAt);
  const at = Number.isFinite(sent) ? now.getTime() - Math.max(0, sent - collected) : collected;
  return new Date(Math.min(at, now.getTime()));
}

export function buildAgentSample(
  report: AgentReport,
  instanceId: string | null,
  at: Date,
  activity: AgentReportActivity[],
): SampleInput {
  const gpus = report.gpu.available ? report.gpu.gpus : [];
  const gpuViews: GpuTelemetry[] = gpus.map((g) => ({
    index: g.index,
    id: g.uuid,
    utilPercent: g.utilPercent,
    // Capacity in use (RunPod's GPU memory figure means the same).
    memoryUtilPercent:
      g.memoryUsedMiB !== null && g.memoryTotalMiB
        ? round1((g.memoryUsedMiB / g.memoryTotalMiB) * 100)
        : null,
    temperatureC: g.temperatureC,
    powerWatts: g.powerWatts,
  }));
  const utils = defined(gpuViews.map((g) => g.utilPercent));
  const memory = defined(gpuViews.map((g) => g.memoryUtilPercent));
  const temperatures = defined(gpuViews.map((g) => g.temperatureC));
  const power = defined(gpuViews.map((g) => g.powerWatts));
  const { podId: _podId, ...rest } = report;
  const extra: AgentSampleExtra = { ...rest, activity };
  return {
    podId: report.podId,
    instanceId,
    time: at,
    source: 'agent',
    // Only a running pod has an agent to report.
    status: 'RUNNING',
    // Cost stays RunPod's: spend is computed from RunPod samples only.
    costPerHr: null,
    cpuPercent: report.cpu.available ? report.cpu.percent : null,
    memoryPercent: report.memory.available ? report.memory.percent : null,
    gpuUtilMax: utils.length ? Math.max(...utils) : null,
    gpuUtilAvg: utils.length ? round1(utils.reduce((a, b) => a + b, 0) / utils.length) : null,
    gpuMemPercent: memory.length ? round1(memory.reduce((a, b) => a + b, 0) / memory.length) : null,
    temperatureC: temperatures.length ? Math.max(...temperatures) : null,
    powerWatts: power.length ? round1(power.reduce((a, b) => a + b, 0)) : null,
    gpuUtil: gpuViews.map((g) => g.utilPercent ?? Number.NaN),
    gpus: gpuViews,
    extra,
    busy: activity.length > 0,
  };
}
