/**
 * What a webhook receives: a Slack-compatible message (`text` plus an attachment) with the
 * structured alert under `podwatch`, signed with the webhook's secret.
 */
import { createHmac } from 'node:crypto';
import type { AlertView, WebhookEvent } from '@podwatch/shared';
import type { Alert } from '../generated/prisma/client.js';
import { toAlertView } from './alert-view.js';

export const SIGNATURE_HEADER = 'x-podwatch-signature';
export const TIMESTAMP_HEADER = 'x-podwatch-timestamp';
export const EVENT_HEADER = 'x-podwatch-event';
export const DELIVERY_HEADER = 'x-podwatch-delivery';

export interface WebhookPayload {
  text: string;
  attachments: {
    color: string;
    title: string;
    text: string;
    fields: { title: string; value: string; short: boolean }[];
    footer: string;
    ts: number;
  }[];
  podwatch: { event: WebhookEvent; alert: Omit<AlertView, 'deliveries'> };
}

const COLORS = { critical: '#d93f0b', warning: '#fbca04', info: '#1d76db', resolved: '#2eb67d' };

export function webhookPayload(alert: Alert, change: 'fired' | 'resolved'): WebhookPayload {
  const { deliveries: _deliveries, ...view } = toAlertView(alert);
  const resolved = change === 'resolved';
  const severity = view.severity;
  const icon = resolved ? ':white_check_mark:' : severity === 'critical' ? ':rotating_light:' : ':warning:';
  const at = resolved && view.resolvedAt ? view.resolvedAt : view.firedAt;
  const fields = [
    { title: 'Severity', value: severity, short: true },
    { title: 'Subject', value: view.subject, short: true },
    ...(view.value === null ? [] : [{ title: 'Value', value: String(view.value), short: true }]),
    ...(view.threshold === null ? [] : [{ title: 'Threshold', value: String(view.threshold), short: true }]),
  ];
  return {
    text: resolved
      ? `${icon} Resolved ${view.rule} (${view.subject}): ${typeof view.data.resolution === 'string' ? view.data.resolution : view.message}`
      : `${icon} [${severity}] ${view.message}`,
    attachments: [
      {
        color: resolved ? COLORS.resolved : COLORS[severity],
        title: `${view.rule} · ${view.subject}`,
        text: view.message,
        fields,
        footer: 'Podwatch',
        ts: Math.floor(Date.parse(at) / 1000),
      },
    ],
    podwatch: { event: `alert.${change}`, alert: view },
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, what receivers compare in constant time. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
