import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

export interface LatestAgentSample {
  podId: string;
  time: Date;
  extra: unknown;
}

/** Agent reports (telemetry samples with `source: 'agent'`) as the instance views read them. */
@Injectable()
export class AgentReportsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The newest agent sample of each pod since `since`: one backwards probe of the (podId, time)
   * index per pod, bounded by `since` so that a pod without an agent costs a short range scan.
   */
  async latest(podIds: string[], since: Date): Promise<LatestAgentSample[]> {
    if (podIds.length === 0) return [];
    return this.prisma.$queryRaw<LatestAgentSample[]>`
      select p."podId", s."time", s."extra"
      from unnest(${podIds}::text[]) as p("podId")
      cross join lateral (
        select "time", "extra" from "TelemetrySample"
        where "podId" = p."podId" and "source" = 'agent' and "time" >= ${since}
        order by "time" desc
        limit 1
      ) s`;
  }
}
