import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_RULES,
  type AlertRule,
  type AlertSeverity,
  type AlertView,
  type AuditKind,
  type EventsPage,
  type EventView,
  type WebhookDeliveryView,
  type WebhookEvent,
} from '@podwatch/shared';
import { IsBoolean, IsIn, IsString, Matches } from 'class-validator';
import { Optional } from '../../common/optional.js';
import { AUDIT_KINDS } from '../../audit/dto/audit-event.dto.js';
import { QueryBoolean } from '../../common/query-boolean.js';
import { QueryLimit } from '../../common/query-limit.js';

const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export class EventsQueryDto {
  @ApiPropertyOptional({
    description:
      'Only events after this cursor (an event id), oldest first, for following the stream. Without it: the newest, newest first.',
    example: '1042',
  })
  @Optional()
  @IsString()
  @Matches(/^\d{1,19}$/, { message: 'after must be an event id (a whole number)' })
  after?: string;

  @QueryLimit(50, 500, 'At most this many')
  limit?: number;

  @ApiPropertyOptional({ enum: AUDIT_KINDS, description: 'Only events of this kind (e.g. `alert`)' })
  @Optional()
  @IsIn(AUDIT_KINDS, { message: `kind must be one of ${AUDIT_KINDS.join(', ')}` })
  kind?: AuditKind;
}

export class AlertsQueryDto {
  @ApiPropertyOptional({ description: 'Only open (true) or only resolved (false) alerts' })
  @Optional()
  @QueryBoolean()
  @IsBoolean({ message: 'open must be true or false' })
  open?: boolean;

  @ApiPropertyOptional({ enum: ALERT_RULES })
  @Optional()
  @IsIn(ALERT_RULES, { message: `rule must be one of ${ALERT_RULES.join(', ')}` })
  rule?: AlertRule;

  @QueryLimit(100, 1000, 'At most this many')
  limit?: number;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @Optional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: (typeof DELIVERY_STATUSES)[number];

  @QueryLimit(100, 1000, 'At most this many')
  limit?: number;
}

export class WebhookDeliveryDto implements WebhookDeliveryView {
  @ApiProperty({ example: '3f1c2a9e-5b7d-4e0a-9c1b-2d3e4f5a6b7c' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  alertId: string | null;

  @ApiProperty({ description: 'The webhook’s name in podwatch.yaml', example: 'slack-ops' })
  webhook: string;

  @ApiProperty({ enum: ['alert.fired', 'alert.resolved'], example: 'alert.fired' })
  event: WebhookEvent;

  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'delivered' })
  status: 'pending' | 'delivered' | 'failed';

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  responseStatus: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  nextAttemptAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:01.000Z' })
  lastAttemptAt: string | null;

  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:01.000Z' })
  deliveredAt: string | null;
}

export class AlertDto implements AlertView {
  @ApiProperty({ example: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  id: string;

  @ApiProperty({ enum: ALERT_RULES, example: 'burn-rate' })
  rule: AlertRule;

  @ApiProperty({ description: '`fleet`, an instance name or a pod id', example: 'fleet' })
  subject: string;

  @ApiProperty({ enum: ['info', 'warning', 'critical'], example: 'warning' })
  severity: AlertSeverity;

  @ApiProperty({ example: 'Burn rate $6.20/h is above $5.00/h: 4 running pod(s), $148.80/day' })
  message: string;

  @ApiProperty({ type: Number, nullable: true, example: 6.2 })
  value: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 5 })
  threshold: number | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { runningPods: 4 } })
  data: Record<string, unknown>;

  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  firedAt: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  resolvedAt: string | null;

  @ApiProperty({ example: true })
  open: boolean;

  @ApiProperty({ type: [WebhookDeliveryDto] })
  deliveries: WebhookDeliveryView[];
}

export class EventDto implements EventView {
  @ApiProperty({ description: 'Cursor of this event', example: '1042' })
  id: string;

  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  occurredAt: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  pruneRunId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'notebook' })
  instance: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'n2b5d8f1g4k7mc' })
  podId: string | null;

  @ApiProperty({ enum: AUDIT_KINDS, example: 'alert' })
  kind: AuditKind;

  @ApiProperty({ enum: ['ok', 'failed', 'skipped'], example: 'failed' })
  outcome: 'ok' | 'failed' | 'skipped';

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'notebook has been running idle for 1h5m at $0.59/h',
  })
  reason: string | null;

  @ApiProperty({ example: 'system' })
  actor: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { rule: 'idle-pod', change: 'fired' } })
  detail: Record<string, unknown>;

  @ApiProperty({ type: AlertDto, nullable: true, description: 'The alert, for `kind: alert`' })
  alert: AlertView | null;
}

export class EventsPageDto implements EventsPage {
  @ApiProperty({ type: [EventDto] })
  events: EventView[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` next time', example: '1042' })
  cursor: string | null;
}
