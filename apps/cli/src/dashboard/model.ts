/** The dashboard's view model: fleet rows, filtering, telemetry slots, the server clock. */
import type {
  DashboardResponse,
  InstanceSnapshot,
  InstanceTimeline,
  PodView,
  TelemetryPoint,
  TelemetrySeries,
} from '@podwatch/shared';
import { gpuLabel } from '../format.js';

export type FleetRow =
  | { key: string; kind: 'instance'; name: string; snapshot: InstanceSnapshot }
  | { key: string; kind: 'pod'; name: string; pod: PodView };

/** Instances (as the API orders them), then unmanaged pods, costliest first. */
export function fleetRows(data: DashboardResponse): FleetRow[] {
  const instances: FleetRow[] = data.instances.map((snapshot) => ({
    key: `instance:${snapshot.instance}`,
    kind: 'instance',
    name: snapshot.instance,
    snapshot,
  }));
  const pods: FleetRow[] = [...data.unmanagedPods]
    .sort((a, b) => b.costPerHr - a.costPerHr || a.name.localeCompare(b.name))
    .map((pod) => ({ key: `pod:${pod.id}`, kind: 'pod', name: pod.name, pod }));
  return [...instances, ...pods];
}

/** Case-insensitive match on name, pod id, status, state and GPU. */
export function matchesFilter(row: FleetRow, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  const haystack =
    row.kind === 'instance'
      ? [
          row.name,
          row.snapshot.state,
          row.snapshot.config.type,
          row.snapshot.pod?.id,
          row.snapshot.pod?.status,
          row.snapshot.pod ? gpuLabel(row.snapshot.pod.gpu, true) : null,
          row.snapshot.stale ? 'stale' : null,
        ]
      : [row.name, 'unmanaged', row.pod.id, row.pod.status, gpuLabel(row.pod.gpu, true)];
  return haystack.some((value) => value?.toLowerCase().includes(needle));
}

/** Which screen is shown. */
export type View = { kind: 'fleet' } | { kind: 'instance'; name: string } | { kind: 'pod'; id: string };

/** Telemetry for the detail screen: the series placed on a fixed grid of time slots. */
export interface Detail {
  instance: string;
  series: TelemetrySeries | null;
  timeline: InstanceTimeline | null;
}

export const HISTORY_MINUTES = 60;
/** At most one bucket a minute: the collector samples every 60 s by default. */
export const HISTORY_POINTS = 60;

/** Widths of the telemetry rows: label, sparkline, value and the avg/peak note (0: none). */
export function telemetryLayout(columns: number): {
  label: number;
  spark: number;
  value: number;
  note: number;
} {
  const label = 11;
  const value = 8;
  const note = columns >= 100 ? Math.min(48, columns - 2 - label - value - 40) : 0;
  const spark = Math.max(8, Math.min(HISTORY_POINTS, columns - 2 - label - value - note - 2));
  return { label, spark, value, note };
}

/**
 * The API returns only buckets that hold samples; the sparkline needs every slot of the window,
 * empty ones included, so that gaps show as gaps and the newest sample sits at the right edge.
 */
export function slotted(
  series: TelemetrySeries,
  pick: (point: TelemetryPoint) => number | null,
): (number | null)[] {
  const from = Date.parse(series.from);
  const to = Date.parse(series.to);
  const bucketMs = Math.max(1, series.bucketSeconds * 1000);
  const count = Math.max(1, Math.ceil((to - from) / bucketMs));
  const slots: (number | null)[] = new Array<number | null>(count).fill(null);
  for (const point of series.points) {
    const index = Math.min(count - 1, Math.max(0, Math.floor((Date.parse(point.time) - from) / bucketMs)));
    slots[index] = pick(point);
  }
  return slots;
}

/** Server time minus local time, from a response's `generatedAt`: countdowns tick in server time. */
export function clockOffset(generatedAt: string, receivedAt: number): number {
  const server = Date.parse(generatedAt);
  return Number.isFinite(server) ? server - receivedAt : 0;
}
