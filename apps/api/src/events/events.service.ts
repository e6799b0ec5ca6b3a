import { Injectable } from '@nestjs/common';
import type { AlertView, AuditKind, EventsPage, WebhookDeliveryView } from '@podwatch/shared';
import { toAlertView, toDeliveryView } from '../alerts/alert-view.js';
import { toAuditView } from '../audit/audit-view.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** The events stream (every audited step; alerts with their webhook deliveries) and the alert log. */
@Injectable()
export class EventsService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Without `after`: the newest events, newest first. With `after`: the events since that cursor,
   * oldest first, so a client can follow the stream by passing back `cursor`.
   */
  async events(options: { after?: string; limit: number; kind?: AuditKind }): Promise<EventsPage> {
    const following = options.after !== undefined;
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        ...(following ? { id: { gt: BigInt(options.after!) } } : {}),
        ...(options.kind ? { kind: options.kind } : {}),
      },
      orderBy: { id: following ? 'asc' : 'desc' },
      take: options.limit,
    });
    const alertIds = rows.flatMap((row) => {
      const id = row.kind === 'alert' ? (row.detail as { alertId?: unknown }).alertId : undefined;
      return typeof id === 'string' ? [id] : [];
    });
    const [alerts, instances] = await Promise.all([
      alertIds.length
        ? this.prisma.alert.findMany({
            where: { id: { in: alertIds } },
            include: { deliveries: { orderBy: { createdAt: 'asc' } } },
          })
        : [],
      this.prisma.instance.findMany({ select: { id: true, name: true } }),
    ]);
    const alertById = new Map(alerts.map((alert) => [alert.id, toAlertView(alert)]));
    const names = new Map(instances.map((i) => [i.id, i.name]));
    const events = rows.map((row) => {
      const alertId = row.kind === 'alert' ? (row.detail as { alertId?: unknown }).alertId : undefined;
      return {
        ...toAuditView(row, names),
        alert: typeof alertId === 'string' ? (alertById.get(alertId) ?? null) : null,
      };
    });
    const ids = rows.map((row) => row.id);
    const newest = ids.length ? ids.reduce((a, b) => (a > b ? a : b)) : null;
    return { events, cursor: newest === null ? (options.after ?? null) : String(newest) };
  }

  async alerts(options: { open?: boolean; rule?: string; limit: number }): Promise<AlertView[]> {
    const alerts = await this.prisma.alert.findMany({
      where: {
        ...(options.open === undefined ? {} : { resolvedAt: options.open ? null : { not: null } }),
        ...(options.rule ? { rule: options.rule } : {}),
      },
      include: { deliveries: { orderBy: { createdAt: 'asc' } } },
      orderBy: { firedAt: 'desc' },
      take: options.limit,
    });
    return alerts.map(toAlertView);
  }

  async deliveries(options: { status?: string; limit: number }): Promise<WebhookDeliveryView[]> {
    const rows = await this.prisma.webhookDelivery.findMany({
      where: options.status ? { status: options.status } : {},
      orderBy: { createdAt: 'desc' },
      take: options.limit,
    });
    return rows.map(toDeliveryView);
  }
}
