import type {
  AlertRule,
  AlertSeverity,
  AlertView,
  WebhookDeliveryView,
  WebhookEvent,
} from '@podwatch/shared';
import type { Alert, WebhookDelivery } from '../generated/prisma/client.js';

export function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: delivery.id,
    alertId: delivery.alertId,
    webhook: delivery.webhook,
    event: delivery.event as WebhookEvent,
    status: delivery.status as WebhookDeliveryView['status'],
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}

export function toAlertView(alert: Alert & { deliveries?: WebhookDelivery[] }): AlertView {
  return {
    id: alert.id,
    rule: alert.rule as AlertRule,
    subject: alert.subject,
    severity: alert.severity as AlertSeverity,
    message: alert.message,
    value: alert.value,
    threshold: alert.threshold,
    data: alert.data as Record<string, unknown>,
    firedAt: alert.firedAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    open: alert.resolvedAt === null,
    deliveries: (alert.deliveries ?? []).map(toDeliveryView),
  };
}
