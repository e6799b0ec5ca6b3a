/**
 * The one writer of `PodSnapshot`, an instance's live stats. Collection, activity, extension,
 * warnings, prune decisions, the flush after a confirmed stop and pod records all change it
 * through here, so what each column means is decided in one place.
 */
import { Injectable } from '@nestjs/common';
import type { ActivitySignal, PodView, TelemetryView } from '@podwatch/shared';
import { Prisma } from '../generated/prisma/client.js';
import { asJson } from '../prisma/json.js';
import { PrismaService } from '../prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;

export interface PodObservation {
  telemetry: TelemetryView | null;
  /** The pod runs: its live stats are live again (a pod started after a flush is not "flushed"). */
  running: boolean;
  /** The pod is not in RunPod's listing: its live pod is cleared. */
  podMissing: boolean;
  podId: string | null;
  busy: boolean;
  at: Date;
}

@Injectable()
export class SnapshotStore {
  constructor(private readonly prisma: PrismaService) {}

  /** The instance has a snapshot row (config sync, API-created instances). */
  ensure(tx: Tx, instanceId: string, inactivitySeconds: number) {
    return tx.podSnapshot.upsert({
      where: { instanceId },
      create: { instanceId, inactivitySeconds },
      update: { inactivitySeconds },
    });
  }

  /** A successful collection's view of a pod instance. */
  async observedPod(instanceId: string, observation: PodObservation): Promise<void> {
    await this.prisma.podSnapshot.update({
      where: { instanceId },
      data: {
        telemetry: observation.telemetry ? asJson(observation.telemetry) : Prisma.DbNull,
        ...(observation.podMissing ? { pod: Prisma.DbNull, podId: observation.podId } : {}),
        busy: observation.busy,
        ...(observation.running ? { flushedAt: null } : {}),
        collectedAt: observation.at,
        stale: false,
        staleReason: null,
        staleSince: null,
      },
    });
  }

  /** A successful collection's view of a serverless instance (busy: workers running or starting). */
  async observedServerless(instanceId: string, busy: boolean, at: Date): Promise<void> {
    await this.prisma.podSnapshot.update({
      where: { instanceId },
      data: { busy, collectedAt: at, stale: false, staleReason: null, staleSince: null },
    });
  }

  /** The last data stays, marked stale with the reason, until a good collection clears it. */
  async markStale(instanceIds: string[], reason: string, at: Date): Promise<void> {
    if (instanceIds.length === 0) return;
    await this.prisma.$executeRaw`
      update "PodSnapshot" set "stale" = true, "staleReason" = ${reason}, "staleSince" = coalesce("staleSince", ${at}), "updatedAt" = now()
      where "instanceId" = any(${instanceIds}::uuid[])`;
  }

  /** Activity resets the countdown: `lastRunAt` only ever moves forward. For use in a transaction. */
  activity(input: {
    instanceId: string;
    signal: ActivitySignal;
    at: Date;
    detail: string | null;
  }): Prisma.PrismaPromise<number> {
    return this.prisma.$executeRaw`
      update "PodSnapshot" set
        "lastRunAt" = greatest("lastRunAt", ${input.at}),
        "lastActivitySignal" = ${input.signal},
        "lastActivityAt" = ${input.at},
        "lastActivityDetail" = ${input.detail},
        "updatedAt" = now()
      where "instanceId" = ${input.instanceId}::uuid`;
  }

  /** An extension: the countdown base moves so that the idle kill lands on `killAt`. */
  extended(tx: Tx, input: { instanceId: string; lastRunAt: Date; at: Date; detail: string }) {
    return tx.podSnapshot.update({
      where: { instanceId: input.instanceId },
      data: {
        lastRunAt: input.lastRunAt,
        lastActivitySignal: 'extend',
        lastActivityAt: input.at,
        lastActivityDetail: input.detail,
      },
    });
  }

  /** `start` brought a pod up (or created one): it is live again. */
  async started(instanceId: string, podId: string | null): Promise<void> {
    await this.prisma.podSnapshot.update({ where: { instanceId }, data: { flushedAt: null, podId } });
  }

  /** A pre-kill warning was raised for `killAt` at `at`. */
  async warned(instanceId: string, killAt: Date, at: Date): Promise<void> {
    await this.prisma.podSnapshot.update({
      where: { instanceId },
      data: { warnedKillAt: killAt, warnedAt: at },
    });
  }

  /** The code of the last prune decision audited without acting (`null`: acting, or nothing to say). */
  async decisionAudited(instanceId: string, code: string | null): Promise<void> {
    await this.prisma.podSnapshot.update({ where: { instanceId }, data: { lastDecision: code } });
  }

  /** After a confirmed stop: live telemetry and countdown cleared, the pod's last record kept. */
  async flushed(instanceId: string, pod: PodView | null, at: Date): Promise<void> {
    await this.prisma.podSnapshot.update({
      where: { instanceId },
      data: {
        telemetry: Prisma.DbNull,
        pod: pod ? asJson(pod) : Prisma.DbNull,
        busy: false,
        flushedAt: at,
      },
    });
  }

  /** The live `pod` of instances whose pods RunPod just reported (one statement). */
  async podsRecorded(rows: { instanceId: string; podId: string; view: PodView }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.prisma.$executeRaw`
      update "PodSnapshot" s set "pod" = v.pod::jsonb, "podId" = v.id, "updatedAt" = now()
      from unnest(${rows.map((r) => r.instanceId)}::text[], ${rows.map((r) => r.podId)}::text[],
        ${rows.map((r) => JSON.stringify(r.view))}::text[]) as v(instance, id, pod)
      where s."instanceId" = v.instance::uuid`;
  }
}
