import { Injectable } from '@nestjs/common';
import { type ActivitySignal, extendedKillAt } from '@podwatch/shared';
import { PrismaService } from '../prisma/prisma.service.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';

export interface ActivityInput {
  instanceId: string;
  signal: ActivitySignal;
  at: Date;
  detail?: string | null;
  podId?: string | null;
  /** Also add a row to the activity timeline (signals repeated every cycle only log their start). */
  log?: boolean;
}

/**
 * Resets countdowns. Every signal (app ping, start, agent, busy GPU, pod restart) goes through
 * here, so the snapshot always names the signal that last reset it.
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly snapshots: SnapshotStore,
  ) {}

  async record(input: ActivityInput): Promise<void> {
    await this.prisma.$transaction([
      this.snapshots.activity({ ...input, detail: input.detail ?? null }),
      ...(input.log === false
        ? []
        : [
            this.prisma.activityEvent.create({
              data: {
                instanceId: input.instanceId,
                podId: input.podId ?? null,
                signal: input.signal,
                detail: input.detail ?? null,
                occurredAt: input.at,
              },
            }),
          ]),
    ]);
  }

  /**
   * Moves the kill moment `seconds` later than the one every view shows (`shownKillAt`, or `now`
   * once that has passed) by moving the countdown base; returns the new kill moment.
   */
  async extend(
    instanceId: string,
    seconds: number,
    shownKillAt: string | null,
    now: Date,
    actor: string,
  ): Promise<Date> {
    const killAt = extendedKillAt(shownKillAt, seconds, now);
    const detail = `+${seconds}s by ${actor}`;
    return this.prisma.$transaction(async (tx) => {
      const instance = await tx.instance.findUniqueOrThrow({ where: { id: instanceId } });
      const lastRunAt = new Date(killAt.getTime() - instance.inactivitySeconds * 1000);
      await this.snapshots.extended(tx, { instanceId, lastRunAt, at: now, detail });
      await tx.activityEvent.create({
        data: { instanceId, podId: instance.podId, signal: 'extend', detail, occurredAt: now },
      });
      await tx.auditEvent.create({
        data: {
          occurredAt: now,
          instanceId,
          podId: instance.podId,
          kind: 'extend',
          outcome: 'ok',
          actor,
          reason: `countdown extended by ${seconds}s`,
          detail: { seconds, previousKillAt: shownKillAt, killAt: killAt.toISOString() },
        },
      });
      return killAt;
    });
  }
}
