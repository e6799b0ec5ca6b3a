import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { Alert } from '../generated/prisma/client.js';
import { asJson } from '../prisma/json.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { errorMessage } from '../common/errors.js';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertInput {
  rule: string;
  /** What it is about: `fleet`, an instance name or a pod id. */
  subject: string;
  severity: AlertSeverity;
  message: string;
  value?: number | null;
  threshold?: number | null;
  /** The instance it concerns when the subject is not its name (e.g. a pod id): links the audit event. */
  instance?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Alerts fire once per crossing: while one is open for a rule and subject, firing again does
 * nothing; it resolves when the condition clears. Each change is also an audit event, so the
 * events stream carries it.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);
  private readonly listeners: ((alert: Alert, change: 'fired' | 'resolved') => Promise<void> | void)[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** Called for every fired or resolved alert (webhook delivery subscribes here). */
  onChange(listener: (alert: Alert, change: 'fired' | 'resolved') => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /** Opens the alert unless one is already open; returns it only when newly fired. */
  async fire(input: AlertInput): Promise<Alert | null> {
    const open = await this.prisma.alert.findFirst({
      where: { rule: input.rule, subject: input.subject, resolvedAt: null },
    });
    if (open) return null;
    const now = this.clock.now();
    const alert = await this.prisma.alert.create({
      data: {
        rule: input.rule,
        subject: input.subject,
        severity: input.severity,
        message: input.message,
        value: input.value ?? null,
        threshold: input.threshold ?? null,
        data: asJson({ ...input.data, ...(input.instance ? { instance: input.instance } : {}) }),
        firedAt: now,
      },
    });
    await this.audit(alert, 'fired');
    this.logger.warn(`Alert ${alert.rule} (${alert.severity}) on ${alert.subject}: ${alert.message}`);
    await this.notify(alert, 'fired');
    return alert;
  }

  /** Closes the open alert for the rule and subject, if any; returns it when it was open. */
  async resolve(rule: string, subject: string, message?: string): Promise<Alert | null> {
    const open = await this.prisma.alert.findFirst({ where: { rule, subject, resolvedAt: null } });
    if (!open) return null;
    const alert = await this.prisma.alert.update({
      where: { id: open.id },
      data: {
        resolvedAt: this.clock.now(),
        ...(message
          ? { data: asJson({ ...(open.data as Record<string, unknown>), resolution: message }) }
          : {}),
      },
    });
    await this.audit(alert, 'resolved', message);
    await this.notify(alert, 'resolved');
    return alert;
  }

  /** Open alerts, optionally of one rule. */
  open(rule?: string): Promise<Alert[]> {
    return this.prisma.alert.findMany({
      where: { resolvedAt: null, ...(rule ? { rule } : {}) },
      orderBy: { firedAt: 'asc' },
    });
  }

  private async audit(alert: Alert, change: 'fired' | 'resolved', message?: string): Promise<void> {
    const named = (alert.data as { instance?: unknown }).instance;
    const instance = await this.prisma.instance.findUnique({
      where: { name: typeof named === 'string' ? named : alert.subject },
      select: { id: true },
    });
    await this.prisma.auditEvent.create({
      data: {
        occurredAt: this.clock.now(),
        instanceId: instance?.id ?? null,
        kind: 'alert',
        outcome: change === 'fired' ? 'failed' : 'ok',
        reason: change === 'fired' ? alert.message : (message ?? `${alert.rule} resolved`),
        podId:
          typeof (alert.data as { podId?: unknown }).podId === 'string'
            ? (alert.data as { podId: string }).podId
            : null,
        detail: {
          alertId: alert.id,
          rule: alert.rule,
          subject: alert.subject,
          severity: alert.severity,
          change,
        },
      },
    });
  }

  private async notify(alert: Alert, change: 'fired' | 'resolved'): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(alert, change);
      } catch (error) {
        this.logger.error(`Alert listener failed: ${errorMessage(error)}`);
      }
    }
  }
}
