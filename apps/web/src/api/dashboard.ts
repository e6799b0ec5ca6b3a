import type { DashboardResponse } from '@podwatch/shared';
import { API_BASE, requestRevalidated, type Revalidated } from './http';

/** The fleet overview; revalidated with its ETag so that an unchanged fleet costs a 304. */
export function fetchDashboard(): Promise<Revalidated<DashboardResponse>> {
  return requestRevalidated<DashboardResponse>(`${API_BASE}/dashboard`, { revalidate: true });
}
