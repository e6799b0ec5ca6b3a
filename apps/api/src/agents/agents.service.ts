/**
 * Agent sessions (DESIGN §2, Agents): AI agents working inside pods report heartbeats. A session
 * is active while its last heartbeat is under 2 minutes old, and a `working` heartbeat is activity
 * for the pod's instance (it resets the countdown like an app ping).
 */
import { Injectable } from '@nestjs/common';
import type { AgentHeartbeat, AgentSessionView } from '@podwatch/shared';
import { ActivityService } from '../activity/activity.service.js';
import { Clock } from '../common/clock.js';
import { ProblemException, problemTitle, validationProblem } from '../common/problem.js';
import type { Instance } from '../generated/prisma/client.js';
import { InstancesService } from '../instances/instances.service.js';
import { AGENT_ACTIVE_SECONDS, toAgentView } from '../instances/related-views.js';
import { PrismaService } from '../prisma/prisma.service.js';

@Injectable()
export class AgentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly instances: InstancesService,
    private readonly activity: ActivityService,
    private readonly clock: Clock,
  ) {}

  async heartbeat(input: AgentHeartbeat): Promise<AgentSessionView> {
    const now = this.clock.now();
    const { podId, instance } = await this.resolve(input);
    const previous = await this.prisma.agentSession.findUnique({
      where: { podId_agent: { podId, agent: input.agent } },
    });
    const continuing =
      previous !== null && now.getTime() - previous.lastHeartbeat.getTime() < AGENT_ACTIVE_SECONDS * 1000;
    const session = await this.prisma.agentSession.upsert({
      where: { podId_agent: { podId, agent: input.agent } },
      create: {
        podId,
        agent: input.agent,
        instanceId: instance?.id ?? null,
        status: input.status,
        currentTask: input.currentTask ?? null,
        startedAt: now,
        lastHeartbeat: now,
      },
      update: {
        instanceId: instance?.id ?? null,
        status: input.status,
        ...(input.currentTask !== undefined ? { currentTask: input.currentTask } : {}),
        lastHeartbeat: now,
        // After two minutes of silence it is a new session.
        ...(continuing ? {} : { startedAt: now }),
      },
    });
    if (input.status === 'working' && instance) {
      await this.activity.record({
        instanceId: instance.id,
        podId,
        signal: 'agent',
        at: now,
        detail: `${input.agent}: ${session.currentTask ?? 'working'}`,
        // The timeline shows when work began, not every heartbeat of it.
        log: !(continuing && previous?.status === 'working'),
      });
    }
    return toAgentView(session, instance?.name ?? null, now);
  }

  async list(filter: { active?: boolean; instance?: string; podId?: string }): Promise<AgentSessionView[]> {
    const now = this.clock.now();
    const instance = filter.instance ? await this.instances.findByName(filter.instance) : null;
    const activeSince = new Date(now.getTime() - AGENT_ACTIVE_SECONDS * 1000);
    const sessions = await this.prisma.agentSession.findMany({
      where: {
        ...(instance ? { instanceId: instance.id } : {}),
        ...(filter.podId ? { podId: filter.podId } : {}),
        ...(filter.active === undefined
          ? {}
          : { lastHeartbeat: filter.active ? { gt: activeSince } : { lte: activeSince } }),
      },
      orderBy: { lastHeartbeat: 'desc' },
    });
    const names = new Map(
      (await this.prisma.instance.findMany({ select: { id: true, name: true } })).map((i) => [i.id, i.name]),
    );
    return sessions.map((s) => toAgentView(s, s.instanceId ? (names.get(s.instanceId) ?? null) : null, now));
  }

  /** `instance` names its pod; a bare `podId` belongs to the active instance that owns it, if any. */
  private async resolve(input: AgentHeartbeat): Promise<{ podId: string; instance: Instance | null }> {
    if (input.instance !== undefined) {
      const instance = await this.instances.findByName(input.instance);
      if (instance.type !== 'pod' || !instance.podId) {
        throw new ProblemException({
          type: 'about:blank',
          title: problemTitle(409),
          status: 409,
          detail: `"${instance.name}" has no pod for an agent to work in; start it first or send podId.`,
        });
      }
      if (input.podId !== undefined && input.podId !== instance.podId) {
        throw validationProblem([
          { field: 'podId', message: `podId ${input.podId} is not the pod of instance ${instance.name}` },
        ]);
      }
      return { podId: instance.podId, instance };
    }
    const podId = input.podId!;
    const instance = await this.prisma.instance.findFirst({ where: { podId, archivedAt: null } });
    return { podId, instance };
  }
}
