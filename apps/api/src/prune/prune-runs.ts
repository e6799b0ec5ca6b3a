/**
 * Prune's records: one `PruneRun` row per pass, every step an audit event, and their retention.
 * The policy decides and the reconciler acts; both write their steps through here.
 */
import { Injectable } from '@nestjs/common';
import type { PruneDecision, PruneRunSummary, PruneRunView } from '@podwatch/shared';
import { toAuditView } from '../audit/audit-view.js';
import { Clock } from '../common/clock.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import type { PruneRun } from '../generated/prisma/client.js';
import { asJson } from '../prisma/json.js';
import { PrismaService } from '../prisma/prisma.service.js';

export type PruneTrigger = PruneRunView['trigger'];

export interface AuditInput {
  instanceId: string | null;
  podId: string | null;
  kind: string;
  outcome: 'ok' | 'failed' | 'skipped';
  reason: string;
  detail?: Record<string, unknown>;
}

export function emptySummary(): PruneRunSummary {
  return {
    instances: 0,
    due: 0,
    stopped: 0,
    terminated: 0,
    scaledToZero: 0,
    flushed: 0,
    confirmationFailures: 0,
    skipped: 0,
    warnings: 0,
    orphans: 0,
  };
}

@Injectable()
export class PruneRuns {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** A new run; a run still marked running was cut short (crash, restart): the caller holds the lock. */
  async open(options: { trigger: PruneTrigger; dryRun: boolean; instance?: string }): Promise<PruneRun> {
    await this.prisma.pruneRun.updateMany({
      where: { status: 'running' },
      data: { status: 'interrupted', finishedAt: this.clock.now() },
    });
    return this.prisma.pruneRun.create({
      data: {
        trigger: options.trigger,
        dryRun: options.dryRun,
        instanceFilter: options.instance ?? null,
        startedAt: this.clock.now(),
      },
    });
  }

  async audit(run: PruneRun, input: AuditInput): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        occurredAt: this.clock.now(),
        pruneRunId: run.id,
        instanceId: input.instanceId,
        podId: input.podId,
        kind: input.kind,
        outcome: input.outcome,
        reason: input.reason,
        actor: run.trigger === 'schedule' ? 'system' : run.trigger,
        detail: asJson(input.detail ?? {}),
      },
    });
  }

  async finish(run: PruneRun, status: string, summary: PruneRunSummary, decisions: PruneDecision[]) {
    await this.prisma.pruneRun.update({
      where: { id: run.id },
      data: { status, finishedAt: this.clock.now(), summary: asJson({ ...summary, decisions }) },
    });
  }

  async view(id: string): Promise<PruneRunView> {
    const run = await this.prisma.pruneRun.findUnique({
      where: { id },
      include: { audits: { orderBy: { id: 'asc' } } },
    });
    if (!run) {
      throw new ProblemException({
        type: 'about:blank',
        title: problemTitle(404),
        status: 404,
        detail: `No prune run with id "${id}".`,
      });
    }
    const names = new Map(
      (await this.prisma.instance.findMany({ select: { id: true, name: true } })).map((i) => [i.id, i.name]),
    );
    return { ...toRunView(run), steps: run.audits.map((event) => toAuditView(event, names)) };
  }

  /** Deletes finished runs older than `ageMs` that audited nothing (every decision was "no action"). */
  async forgetNoopRuns(ageMs: number): Promise<number> {
    const { count } = await this.prisma.pruneRun.deleteMany({
      where: { finishedAt: { lt: new Date(this.clock.now().getTime() - ageMs) }, audits: { none: {} } },
    });
    return count;
  }

  /** Retention: audit events, prune runs and settled stop intents older than `before`. */
  async forgetBefore(before: Date): Promise<{ audits: number; runs: number; intents: number }> {
    const audits = await this.prisma.auditEvent.deleteMany({ where: { occurredAt: { lt: before } } });
    const runs = await this.prisma.pruneRun.deleteMany({
      where: { startedAt: { lt: before }, status: { not: 'running' } },
    });
    const intents = await this.prisma.stopIntent.deleteMany({
      where: { closedAt: { lt: before } },
    });
    return { audits: audits.count, runs: runs.count, intents: intents.count };
  }

  /** Newest first; `steps` left empty (GET /prune-runs/:id has them). */
  async list(options: { limit: number; actionsOnly: boolean }): Promise<PruneRunView[]> {
    const runs = await this.prisma.pruneRun.findMany({
      where: options.actionsOnly ? { audits: { some: {} } } : {},
      orderBy: { startedAt: 'desc' },
      take: options.limit,
    });
    return runs.map(toRunView);
  }
}

function toRunView(run: PruneRun): PruneRunView {
  const { decisions = [], ...summary } = run.summary as unknown as PruneRunSummary & {
    decisions?: PruneDecision[];
  };
  return {
    id: run.id,
    trigger: run.trigger as PruneTrigger,
    dryRun: run.dryRun,
    instanceFilter: run.instanceFilter,
    status: run.status as PruneRunView['status'],
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    summary: { ...emptySummary(), ...summary },
    decisions,
    steps: [],
  };
}
