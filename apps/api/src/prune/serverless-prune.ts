/**
 * Prune for serverless instances: scale the endpoint to zero when asked (`onIdle: scaleToZero`),
 * then flush only once its workers show none running and none initializing. Endpoints are handled
 * concurrently; an endpoint that cannot be read is tried again on the next tick.
 */
import { Injectable } from '@nestjs/common';
import type { PruneRunSummary } from '@podwatch/shared';
import pLimit from 'p-limit';
import { Clock } from '../common/clock.js';
import { errorMessage } from '../common/errors.js';
import type { PruneRun } from '../generated/prisma/client.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { PruneRuns } from './prune-runs.js';
import type { DueItem } from './stop-reconciler.js';

const CONCURRENCY = 4;

@Injectable()
export class ServerlessPrune {
  constructor(
    private readonly gateway: RunpodGateway,
    private readonly snapshots: SnapshotStore,
    private readonly metrics: MetricsService,
    private readonly runs: PruneRuns,
    private readonly clock: Clock,
  ) {}

  async reconcile(run: PruneRun, items: DueItem[], summary: PruneRunSummary): Promise<void> {
    const limit = pLimit(CONCURRENCY);
    await Promise.all(items.map((item) => limit(() => this.one(run, item, summary))));
  }

  private async one(run: PruneRun, { instance, decision }: DueItem, summary: PruneRunSummary) {
    const endpointId = instance.endpointId!;
    const failed = async (reason: string, kind: string) => {
      decision.result = 'failed';
      decision.reason = reason;
      summary.skipped += 1;
      await this.runs.audit(run, { instanceId: instance.id, podId: null, kind, outcome: 'failed', reason });
    };
    if (decision.action === 'scaleToZero' && decision.code === 'due') {
      try {
        await this.gateway.setEndpointMinWorkers(endpointId, 0);
        this.metrics.pruneAction('scaleToZero', 'ok');
        summary.scaledToZero += 1;
        await this.runs.audit(run, {
          instanceId: instance.id,
          podId: null,
          kind: 'runpod_call',
          outcome: 'ok',
          reason: `workers.min set to 0 on endpoint ${endpointId}`,
          detail: { action: 'scaleToZero', endpointId },
        });
      } catch (error) {
        this.metrics.pruneAction('scaleToZero', 'failed');
        return failed(`scaling ${endpointId} to zero failed: ${errorMessage(error)}`, 'runpod_call');
      }
    }
    let workers;
    try {
      workers = (await this.gateway.endpointWorkers(endpointId)).summary;
    } catch (error) {
      return failed(`workers of ${endpointId} could not be read: ${errorMessage(error)}`, 'confirmation');
    }
    if (workers.running > 0 || workers.initializing > 0) {
      const reason = `${workers.running} running and ${workers.initializing} initializing worker(s) on ${endpointId}: flush skipped until they are 0`;
      decision.result = 'flush-skipped';
      decision.reason = reason;
      summary.skipped += 1;
      return this.runs.audit(run, {
        instanceId: instance.id,
        podId: null,
        kind: 'confirmation',
        outcome: 'skipped',
        reason,
        detail: { ...workers },
      });
    }
    await this.runs.audit(run, {
      instanceId: instance.id,
      podId: null,
      kind: 'confirmation',
      outcome: 'ok',
      reason: `no running or initializing workers on ${endpointId}`,
      detail: { ...workers },
    });
    await this.snapshots.flushed(instance.id, null, this.clock.now());
    summary.flushed += 1;
    decision.result = 'flushed';
    await this.runs.audit(run, {
      instanceId: instance.id,
      podId: null,
      kind: 'flush',
      outcome: 'ok',
      reason: 'live stats cleared after confirmation; history kept',
    });
  }
}
