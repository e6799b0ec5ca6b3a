/**
 * One pod's telemetry at one collection, merged from REST v2 (`runtime`) and GraphQL
 * (`latestTelemetry`: temperature, power), and whether it counts as activity.
 */
import type { GpuTelemetry, TelemetryView } from '@podwatch/shared';
import type { ObservedPod } from '../pods/pod-store.js';
import type { SampleInput } from './telemetry.repository.js';

export interface BuiltSample {
  sample: SampleInput;
  view: TelemetryView;
  /** null: the pod runs but reported no utilisation to judge by (counted as activity, never as idle). */
  busy: boolean | null;
  /** Why it is busy (e.g. `GPU 3 at 80%`), for the activity timeline. */
  reason: string | null;
}

const average = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
const maximum = (values: number[]) => (values.length ? Math.max(...values) : null);
const total = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) : null);
const defined = (values: (number | null)[]) =>
  values.filter((v): v is number => v !== null && Number.isFinite(v));

export function buildSample(
  observed: ObservedPod,
  instanceId: string | null,
  threshold: number,
  at: Date,
): BuiltSample | null {
  const { pod, telemetry } = observed;
  const runtime = pod.runtime ?? telemetry?.runtime ?? null;
  const latest = telemetry?.latestTelemetry ?? null;
  if (pod.status !== 'RUNNING' || (!runtime && !latest)) return null;

  const restGpus = runtime?.gpus ?? [];
  const graphGpus = latest?.gpus ?? [];
  const count = Math.max(restGpus.length, graphGpus.length);
  const gpus: GpuTelemetry[] = Array.from({ length: count }, (_, index) => {
    const rest = restGpus[index];
    const graph = graphGpus[index];
    return {
      index,
      id: graph?.id ?? rest?.id ?? null,
      utilPercent: rest?.utilPercent ?? graph?.utilizationPercent ?? null,
      memoryUtilPercent: rest?.memoryUtilPercent ?? graph?.memoryUtilizationPercent ?? null,
      temperatureC: graph?.temperatureCelsius ?? null,
      powerWatts: graph?.powerWatts ?? null,
    };
  });
  const utils = defined(gpus.map((g) => g.utilPercent));
  const cpuPercent = runtime?.cpuPercent ?? latest?.cpuUtilization ?? null;
  const memoryPercent = runtime?.memoryPercent ?? latest?.memoryUtilization ?? null;
  const gpuUtilMax = maximum(utils);
  const temperatureC =
    maximum(defined(gpus.map((g) => g.temperatureC))) ?? latest?.averageGpu?.temperatureCelsius ?? null;
  const powerWatts = total(defined(gpus.map((g) => g.powerWatts)));

  // The busiest GPU decides, not the average: one busy GPU of eight is a busy pod.
  let busy: boolean | null;
  let reason: string | null = null;
  const isGpuPod = (pod.gpu?.count ?? telemetry?.gpuCount ?? 0) > 0;
  if (isGpuPod) {
    busy = gpuUtilMax === null ? null : gpuUtilMax >= threshold;
    if (busy) {
      const index = gpus.findIndex((g) => g.utilPercent === gpuUtilMax);
      reason = `GPU ${index} at ${gpuUtilMax}% (threshold ${threshold}%)`;
    }
  } else {
    busy = cpuPercent === null ? null : cpuPercent >= threshold;
    if (busy) reason = `CPU at ${cpuPercent}% (threshold ${threshold}%)`;
  }
  if (busy === null) reason = 'no utilisation reported: counted as activity';

  const view: TelemetryView = {
    time: at.toISOString(),
    source: 'runpod',
    cpuPercent,
    memoryPercent,
    gpuUtilMax,
    gpuUtilAvg: average(utils),
    gpuMemPercent: average(defined(gpus.map((g) => g.memoryUtilPercent))),
    temperatureC,
    powerWatts,
    gpus,
  };
  return {
    busy,
    reason,
    view,
    sample: {
      podId: pod.id,
      instanceId,
      time: at,
      source: 'runpod',
      status: pod.status,
      costPerHr: pod.costPerHr,
      cpuPercent,
      memoryPercent,
      gpuUtilMax,
      gpuUtilAvg: view.gpuUtilAvg,
      gpuMemPercent: view.gpuMemPercent,
      temperatureC,
      powerWatts,
      gpuUtil: gpus.map((g) => g.utilPercent ?? Number.NaN),
      gpus,
      extra: null,
      busy: busy === true,
    },
  };
}
