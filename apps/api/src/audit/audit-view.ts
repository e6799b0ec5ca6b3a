import type { AuditEventView, AuditKind } from '@podwatch/shared';
import type { AuditEvent } from '../generated/prisma/client.js';

export function toAuditView(event: AuditEvent, instanceNames: Map<string, string>): AuditEventView {
  return {
    id: String(event.id),
    occurredAt: event.occurredAt.toISOString(),
    pruneRunId: event.pruneRunId,
    instance: event.instanceId ? (instanceNames.get(event.instanceId) ?? null) : null,
    podId: event.podId,
    kind: event.kind as AuditKind,
    outcome: event.outcome as AuditEventView['outcome'],
    reason: event.reason,
    actor: event.actor,
    detail: event.detail as Record<string, unknown>,
  };
}
