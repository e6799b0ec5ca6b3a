import type { PruneRunView } from '@podwatch/shared';
import { API_BASE, request } from './http';

export interface PruneRequest {
  dryRun: boolean;
  instance?: string;
}

export function runPrune(body: PruneRequest): Promise<PruneRunView> {
  return request<PruneRunView>(`${API_BASE}/prune`, { method: 'POST', body });
}

export function fetchPruneRuns(query: { limit: number; actionsOnly: boolean }): Promise<PruneRunView[]> {
  return request<PruneRunView[]>(`${API_BASE}/prune-runs`, { query });
}

export function fetchPruneRun(id: string): Promise<PruneRunView> {
  return request<PruneRunView>(`${API_BASE}/prune-runs/${encodeURIComponent(id)}`);
}
