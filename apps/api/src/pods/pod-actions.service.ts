import { Injectable } from '@nestjs/common';
import type { PodAction } from '@podwatch/runpod-client';
import { Clock } from '../common/clock.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import type { Pod } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import { errorMessage } from '../common/errors.js';

export function podNotFound(id: string): ProblemException {
  return new ProblemException({
    type: 'about:blank',
    title: problemTitle(404),
    status: 404,
    detail: `No pod with id "${id}" has been seen.`,
  });
}

/** start, stop, restart or terminate any pod by id, audited (the REST route and the MCP tool). */
@Injectable()
export class PodActionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly clock: Clock,
  ) {}

  async find(id: string): Promise<Pod> {
    const pod = await this.prisma.pod.findUnique({ where: { id } });
    if (!pod) throw podNotFound(id);
    return pod;
  }

  async act(id: string, action: PodAction, actor: string): Promise<void> {
    const before = await this.find(id);
    const audit = (outcome: 'ok' | 'failed', reason: string) =>
      this.prisma.auditEvent.create({
        data: {
          occurredAt: this.clock.now(),
          instanceId: before.instanceId,
          podId: id,
          kind: 'action',
          outcome,
          reason,
          actor,
          detail: { action },
        },
      });
    try {
      await this.gateway.podAction(id, action);
    } catch (error) {
      await audit('failed', errorMessage(error));
      throw error;
    }
    await audit('ok', `${action} requested by ${actor} (was ${before.status})`);
  }
}
