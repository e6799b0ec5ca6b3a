import type { CostsResponse } from '@podwatch/shared';
import { API_BASE, requestRevalidated, type Revalidated } from './http';

/** Spend, idle waste and runway over the last `days` UTC days (today included); ETag-revalidated. */
export function fetchCosts(days: number): Promise<Revalidated<CostsResponse>> {
  return requestRevalidated<CostsResponse>(`${API_BASE}/costs`, { query: { days }, revalidate: true });
}
