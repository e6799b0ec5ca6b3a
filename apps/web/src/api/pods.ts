import type { PodView } from '@podwatch/shared';
import { API_BASE, request } from './http';

export type PodAction = 'start' | 'stop' | 'restart' | 'terminate';

export function actOnPod(id: string, action: PodAction): Promise<PodView> {
  return request<PodView>(`${API_BASE}/pods/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    body: { action },
  });
}
