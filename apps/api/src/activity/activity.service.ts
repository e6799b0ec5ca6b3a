import { Injectable } from '@nestjs/common';
import type { ActivitySignal } from '@podwatch/shared';
import { PrismaService } from '../prisma/prisma.service.js';

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
  constructor(private readonly prisma: PrismaService) {}

  async record(input: ActivityInput): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.$executeRaw`
        update "PodSnapshot" s set
          "lastRunAt" = greatest(s."lastRunAt", ${input.at}),
          "lastActivitySignal" = ${input.signal},
          "lastActivityAt" = ${input.at},
          "lastActivityDetail" = ${input.detail ?? null},
          "killAt" = greatest(s."lastRunAt", ${input.at}) + make_interval(secs => i."inactivitySeconds"),
          "updatedAt" = now()
        from "Instance" i
        where s."instanceId" = ${input.instanceId}::uuid and i."id" = s."instanceId"`,
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
   * Moves the kill moment `seconds` later than it is now (or than `now`, if it has passed) by
   * moving `lastRunAt`; returns the new kill moment.
   */
  async extend(instanceId: string, seconds: number, now: Date, actor: string): Promise<Date> {
    return this.prisma.$transaction(async (tx) => {
      const instance = await tx.instance.findUniqueOrThrow({
        where: { id: instanceId },
        include: { snapshot: true },
      });
      const currentKill = instance.snapshot?.killAt?.getTime() ?? now.getTime();
      const killAt = new Date(Math.max(currentKill, now.getTime()) + seconds * 1000);
      const lastRunAt = new Date(killAt.getTime() - instance.inactivitySeconds * 1000);
      await tx.podSnapshot.update({
        where: { instanceId },
        data: {
          lastRunAt,
          killAt,
          lastActivitySignal: 'extend',
          lastActivityAt: now,
          lastActivityDetail: `+${seconds}s by ${actor}`,
        },
      });
      await tx.activityEvent.create({
        data: {
          instanceId,
          podId: instance.podId,
          signal: 'extend',
          detail: `+${seconds}s by ${actor}`,
          occurredAt: now,
        },
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
          detail: {
            seconds,
            previousKillAt: instance.snapshot?.killAt?.toISOString() ?? null,
            killAt: killAt.toISOString(),
          },
        },
      });
      return killAt;
    });
  }
}
