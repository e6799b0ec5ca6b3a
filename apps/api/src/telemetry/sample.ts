/**
 * One pod's telemetry at one collection, merged from REST v2 (`runtime`) and GraphQL
 * (`latestTelemetry`: temperature, power), and whether it counts as activity.
 */
import { type BusyVerdict, type GpuTelemetry, judgeBusy, type TelemetryView } from '@podwatch/shared';
import type { ObservedPod } from '../pods/pod-store.js';
import type { SampleInput } from './telemetry.repository.js';

export interface BuiltSample {
  sample: SampleInput;
  view: TelemetryView;
  /** The shared is-busy rule's verdict, with its reason for the activity timeline. */
  verdict: BusyVerdict;
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

  const verdict = judgeBusy(
    {
      gpuCount: pod.gpu?.count ?? telemetry?.gpuCount ?? 0,
      gpuUtilPercents: gpus.map((g) => g.utilPercent),
      cpuPercent,
    },
    threshold,
  );

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
    verdict,
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
      busy: verdict.busy,
    },
  };
}

/** The shared is-busy rule on one pod as RunPod reports it (prune's last look, the collector). */
export function judgePod(observed: ObservedPod, threshold: number, at: Date): BusyVerdict {
  return buildSample(observed, null, threshold, at)?.verdict ?? judgeBusy(null, threshold);
}
