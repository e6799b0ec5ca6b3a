import type { InstanceSnapshot, InstanceTimeline, TelemetrySeries } from '@podwatch/shared';
import { API_BASE, request, requestRevalidated, type Revalidated } from './http';

const base = (name: string) => `${API_BASE}/instances/${encodeURIComponent(name)}`;

export function fetchInstance(name: string): Promise<Revalidated<InstanceSnapshot>> {
  return requestRevalidated<InstanceSnapshot>(base(name), { revalidate: true });
}

export interface TelemetryQuery {
  from: Date;
  to: Date;
  points: number;
}

export function fetchTelemetry(name: string, query: TelemetryQuery): Promise<TelemetrySeries> {
  return request<TelemetrySeries>(`${base(name)}/telemetry`, {
    query: { from: query.from.toISOString(), to: query.to.toISOString(), points: query.points },
  });
}

export function fetchTimeline(name: string, limit = 100): Promise<InstanceTimeline> {
  return request<InstanceTimeline>(`${base(name)}/timeline`, { query: { limit } });
}

export type InstanceAction = 'start' | 'stop' | 'terminate';

/** start (resume or create), stop or terminate the instance's pod; answers the instance after it. */
export function actOnInstance(name: string, action: InstanceAction): Promise<InstanceSnapshot> {
  return request<InstanceSnapshot>(`${base(name)}/${action}`, { method: 'POST' });
}

/** Moves the kill moment later by `duration` (`30m`, `2h`, `90s`). */
export function extendInstance(name: string, duration: string): Promise<InstanceSnapshot> {
  return request<InstanceSnapshot>(`${base(name)}/extend`, { method: 'POST', body: { duration } });
}
