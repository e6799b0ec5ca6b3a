/**
 * Alerts, their webhook deliveries, the events stream and agent heartbeats: response shapes of
 * `GET /api/v1/alerts`, `/events`, `/webhook-deliveries` and `/agents`.
 */
import type { AuditEventView } from './api-types.js';

/** Rules evaluated after every successful collection, plus the three prune raises itself. */
export const ALERT_RULES = [
  'burn-rate',
  'daily-spend-warning',
  'daily-spend-critical',
  'balance-warning',
  'balance-critical',
  'idle-pod',
  'prune-confirmation',
  'prune-action-failed',
  'pre-kill-warning',
] as const;

export type AlertRule = (typeof ALERT_RULES)[number];

export type AlertSeverity = 'info' | 'warning' | 'critical';

export type WebhookEvent = 'alert.fired' | 'alert.resolved';

export interface WebhookDeliveryView {
  id: string;
  alertId: string | null;
  /** The webhook's name in podwatch.yaml (never its URL, which may hold a secret). */
  webhook: string;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface AlertView {
  id: string;
  rule: AlertRule;
  /** `fleet`, an instance name or a pod id. */
  subject: string;
  severity: AlertSeverity;
  message: string;
  value: number | null;
  threshold: number | null;
  data: Record<string, unknown>;
  firedAt: string;
  resolvedAt: string | null;
  open: boolean;
  deliveries: WebhookDeliveryView[];
}

/** One entry of the events stream: an audited step, with its alert for `kind: alert`. */
export interface EventView extends AuditEventView {
  alert: AlertView | null;
}

/** GET /api/v1/events */
export interface EventsPage {
  events: EventView[];
  /** Pass as `after` to get only what happened since (null when there are no events). */
  cursor: string | null;
}

export type AgentStatus = 'active' | 'working' | 'idle';

/** POST /api/v1/agents/heartbeat */
export interface AgentHeartbeat {
  /** The pod the agent works in; or `instance`, which resolves to its pod. */
  podId?: string;
  instance?: string;
  agent: string;
  status: AgentStatus;
  currentTask?: string | null;
}
