import { request } from './http';

export interface HealthCheck {
  status: 'up' | 'down' | 'degraded';
  message?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'error';
  details: Record<string, HealthCheck>;
  demo: boolean;
}

/** `/health` answers 503 with a full report when a check fails: that is data, not an error. */
export function fetchHealth(): Promise<HealthReport> {
  return request<HealthReport>('/health', { alsoOk: [503] });
}
