/**
 * Reports of `podwatch agent` from inside pods: each one becomes a telemetry sample marked
 * `source: 'agent'` (beside RunPod's) and, for the instance that owns the pod, activity signals
 * (`agent-gpu`, `gpu-process`, `ssh-session`) through ActivityService like every other signal.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { AgentReport, AgentReportActivity, AgentReportResult } from '@podwatch/shared';
import { ActivityService } from '../activity/activity.service.js';
import { Clock } from '../common/clock.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { TelemetryRepository } from '../telemetry/telemetry.repository.js';
import { activitySignalsOf, deriveAgentActivity, stretchGapSeconds } from './agent-activity.js';
import { type AgentSampleExtra, buildAgentSample, placeOnServerClock } from './agent-sample.js';

@Injectable()
export class AgentReportsService {
  private readonly logger = new Logger(AgentReportsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly telemetry: TelemetryRepository,
    private readonly activity: ActivityService,
    private readonly clock: Clock,
  ) {}

  async record(report: AgentReport): Promise<AgentReportResult> {
    const at = placeOnServerClock(report.collectedAt, report.sentAt, this.clock.now());
    const [instance, pod] = await Promise.all([
      this.prisma.instance.findFirst({ where: { podId: report.podId, type: 'pod', archivedAt: null } }),
      this.prisma.pod.findUnique({ where: { id: report.podId }, select: { gpuCount: true } }),
    ]);
    const activity = instance
      ? deriveAgentActivity(report, {
          gpuUtilThreshold: instance.gpuUtilThreshold,
          ...activitySignalsOf(instance.activitySignals),
          // Unknown pods may have GPUs: only a pod RunPod lists without one has none to read.
          gpuExpected: pod === null || pod.gpuCount > 0,
        })
      : [];
    const previous = instance ? await this.previousActivity(report, at) : new Set<string>();
    await this.telemetry.insertSamples([buildAgentSample(report, instance?.id ?? null, at, activity)]);
    for (const found of activity) {
      await this.activity.record({
        instanceId: instance!.id,
        podId: report.podId,
        signal: found.signal,
        at,
        detail: found.detail,
        // The timeline shows where a busy stretch begins, not every report of it.
        log: !previous.has(found.signal),
      });
    }
    if (report.dropped > 0) {
      this.logger.warn(
        `The agent of pod ${report.podId} dropped ${report.dropped} report(s) while it could not reach the API`,
      );
    }
    return { podId: report.podId, instance: instance?.name ?? null, recordedAt: at.toISOString(), activity };
  }

  /** Signals of the pod's previous report, when it was recent enough to be the same stretch. */
  private async previousActivity(report: AgentReport, at: Date): Promise<Set<string>> {
    const gap = stretchGapSeconds(report.agent.intervalSeconds) * 1000;
    const previous = await this.prisma.telemetrySample.findFirst({
      where: { podId: report.podId, source: 'agent', time: { lt: at, gte: new Date(at.getTime() - gap) } },
      orderBy: { time: 'desc' },
      select: { extra: true },
    });
    const activity = (previous?.extra as Partial<AgentSampleExtra> | null)?.activity;
    return new Set(Array.isArray(activity) ? activity.map((a: AgentReportActivity) => a.signal) : []);
  }
}
