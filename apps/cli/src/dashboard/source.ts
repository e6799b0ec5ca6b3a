/**
 * Everything the dashboard asks of the API, behind one small interface so that rendering tests
 * can hand it canned answers. The real one goes through ApiClient (and so only to the API).
 */
import type {
  DashboardResponse,
  InstanceSnapshot,
  InstanceTimeline,
  PodView,
  TelemetrySeries,
} from '@podwatch/shared';
import { type ApiClient, apiPath, type Conditional } from '../api-client.js';
import { HISTORY_MINUTES } from './model.js';

export interface DashboardApi {
  readonly baseUrl: string;
  /** `GET /dashboard` with `If-None-Match`. */
  dashboard(etag: string | null): Promise<Conditional<DashboardResponse>>;
  telemetry(instance: string, from: Date, to: Date, points: number): Promise<TelemetrySeries>;
  timeline(instance: string, limit: number): Promise<InstanceTimeline>;
  instanceAction(instance: string, action: 'stop' | 'terminate'): Promise<InstanceSnapshot>;
  extend(instance: string, duration: string): Promise<InstanceSnapshot>;
  podAction(podId: string, action: 'stop' | 'terminate'): Promise<PodView>;
}

/** Events the detail screen lists under "Recent". */
const RECENT_EVENTS = 8;

/**
 * The two requests behind an instance's detail screen: the last HISTORY_MINUTES of telemetry in
 * `points` buckets (one per sparkline cell) up to `serverNow`, and its recent events.
 */
export function detailRequests(
  api: DashboardApi,
  instance: string,
  serverNow: number,
  points: number,
): [Promise<TelemetrySeries>, Promise<InstanceTimeline>] {
  const to = new Date(serverNow);
  const from = new Date(serverNow - HISTORY_MINUTES * 60_000);
  return [api.telemetry(instance, from, to, points), api.timeline(instance, RECENT_EVENTS)];
}

export function apiDashboardSource(client: ApiClient): DashboardApi {
  return {
    baseUrl: client.baseUrl,
    dashboard: (etag) =>
      client.getIfChanged<DashboardResponse>(apiPath`/dashboard`, etag, { timeoutMs: 15_000 }),
    telemetry: (instance, from, to, points) =>
      client.get<TelemetrySeries>(
        `${apiPath`/instances/${instance}/telemetry`}?${new URLSearchParams({
          from: from.toISOString(),
          to: to.toISOString(),
          points: String(points),
        }).toString()}`,
        { timeoutMs: 15_000 },
      ),
    timeline: (instance, limit) =>
      client.get<InstanceTimeline>(`${apiPath`/instances/${instance}/timeline`}?limit=${limit}`, {
        timeoutMs: 15_000,
      }),
    instanceAction: (instance, action) =>
      client.post<InstanceSnapshot>(apiPath`/instances/${instance}/${action}`, {}, { timeoutMs: 120_000 }),
    extend: (instance, duration) =>
      client.post<InstanceSnapshot>(apiPath`/instances/${instance}/extend`, { duration }),
    podAction: (podId, action) =>
      client.post<PodView>(apiPath`/pods/${podId}/actions`, { action }, { timeoutMs: 120_000 }),
  };
}
