/**
 * The MCP tools (Model Context Protocol), defined once here and served at `/mcp` (streamable
 * HTTP); `podwatch mcp` bridges stdio to it. Each tool calls the same services as the REST API,
 * audits as actor `mcp`, validates its input with zod, and reports failures as tool errors
 * (`isError: true` with the reason), never as a crash of the server.
 */
import { Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  type CostSuggestion,
  formatCountdown,
  formatMoney,
  type InstanceSnapshot,
  MAX_EXTEND_SECONDS,
  parseDuration,
  type PruneRunView,
  roundMoney,
} from '@podwatch/shared';
import { z } from 'zod';
import { ActivityService } from '../activity/activity.service.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { Clock } from '../common/clock.js';
import { toProblem } from '../common/problem.js';
import type { CreateSpec } from '../config/podwatch-config.js';
import { CostsService } from '../costs/costs.service.js';
import { DashboardService } from '../dashboard/dashboard.service.js';
import type { Pod } from '../generated/prisma/client.js';
import { InstanceActionsService } from '../instances/instance-actions.service.js';
import { InstancesService, type InstanceWithSnapshot } from '../instances/instances.service.js';
import { PodActionsService } from '../pods/pod-actions.service.js';
import { PruneService } from '../prune/prune.service.js';

const ACTOR = 'mcp';
/** Lists in tool results stop here, so a large fleet does not flood the model's context. */
const LIST_LIMIT = 50;
const HOLDS_MACHINE = new Set(['PROVISIONING', 'STARTING', 'RUNNING']);

/** A tool failure the model should read and act on. */
class ToolError extends Error {}

function instanceSummary(view: InstanceSnapshot) {
  return {
    name: view.instance,
    type: view.config.type,
    state: view.state,
    podId: view.config.podId,
    podStatus: view.pod?.status ?? null,
    costPerHr: view.pod?.costPerHr ?? 0,
    killAt: view.killAt,
    timeUntilKill: view.timeUntilKill,
    countdown: formatCountdown(view.timeUntilKill),
    lastActivity: view.lastActivity,
    inactivitySeconds: view.inactivitySeconds,
    onIdle: view.config.onIdle,
    protect: view.config.protect,
    stale: view.stale,
    staleReason: view.staleReason,
    activeAgents: view.agents.filter((a) => a.active).length,
  };
}

function podLine(pod: Pod): string {
  return `${pod.name} (${pod.id}, ${pod.status} at ${formatMoney(pod.costPerHr)}/h)`;
}

@Injectable()
export class McpToolsService {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly costs: CostsService,
    private readonly instances: InstancesService,
    private readonly instanceActions: InstanceActionsService,
    private readonly podActions: PodActionsService,
    private readonly activity: ActivityService,
    private readonly prune: PruneService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  /** A server with the five tools; the HTTP transport is stateless, so each request gets one. */
  createServer(): McpServer {
    const server = new McpServer(
      { name: 'podwatch', version: '1.0.0' },
      {
        instructions:
          'Podwatch watches a RunPod GPU fleet: costs, idle countdowns and safe auto-stop. control_pod only ' +
          'previews unless called with confirm: true; show the preview to the user before confirming.',
      },
    );

    server.registerTool(
      'get_runpod_status',
      {
        title: 'RunPod fleet status',
        description:
          'Fleet summary (burn rate, projections, spend and idle waste today, balance and runway), every instance ' +
          'with its pod and idle countdown, unmanaged pods, open alerts and cost-saving suggestions.',
        inputSchema: {
          instance: z.string().min(1).optional().describe('Only this instance (by name)'),
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      (args) => this.run(() => this.status(args.instance)),
    );

    server.registerTool(
      'control_pod',
      {
        title: 'Start, stop or terminate a pod',
        description:
          'Start (resume, or create from the instance spec), stop (keeps the volume) or terminate (deletes pod and ' +
          'volume) an instance’s pod or any pod by id. Without confirm: true nothing changes: it returns a preview of ' +
          'what would happen and what it saves or costs.',
        inputSchema: {
          instance: z.string().min(1).optional().describe('Instance name (give this or podId)'),
          podId: z.string().min(1).optional().describe('RunPod pod id (give this or instance)'),
          action: z.enum(['start', 'stop', 'terminate']),
          confirm: z.boolean().optional().describe('true to act; otherwise only a preview'),
        },
        annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true },
      },
      (args) => this.run(() => this.control(args)),
    );

    server.registerTool(
      'list_instances',
      {
        title: 'List instances',
        description: 'Every managed instance with its pod status, cost, countdown state and time until kill.',
        inputSchema: {},
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      () => this.run(() => this.listInstances()),
    );

    server.registerTool(
      'extend_instance',
      {
        title: 'Extend an instance’s countdown',
        description:
          'Push the moment an idle instance will be stopped later by a duration such as 30m or 2h (audited).',
        inputSchema: {
          instance: z.string().min(1).describe('Instance name'),
          duration: z.string().min(2).describe('How much later: e.g. 90s, 30m, 2h (at most 7d)'),
        },
        annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
      },
      (args) => this.run(() => this.extend(args.instance, args.duration)),
    );

    server.registerTool(
      'prune_preview',
      {
        title: 'Preview prune',
        description:
          'A dry run of prune: for each instance (or one), what it would do now and why (stop/terminate due ' +
          'instances, or why not: counting, active, protected, stale). Changes nothing.',
        inputSchema: { instance: z.string().min(1).optional().describe('Only this instance') },
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      (args) => this.run(() => this.prunePreview(args.instance)),
    );
    return server;
  }

  /** Runs a tool body; any failure becomes a tool error naming the reason. */
  private async run(
    body: () => Promise<{ text: string; data: Record<string, unknown> }>,
  ): Promise<CallToolResult> {
    try {
      const { text, data } = await body();
      return {
        content: [{ type: 'text', text: `${text}\n\n${JSON.stringify(data, null, 2)}` }],
        structuredContent: data,
      };
    } catch (error) {
      const message =
        error instanceof ToolError ? error.message : (toProblem(error).detail ?? 'The request failed.');
      return { content: [{ type: 'text', text: message }], isError: true };
    }
  }

  private async status(only: string | undefined) {
    const [dashboard, costs] = await Promise.all([this.dashboard.dashboard(), this.costs.costs(1)]);
    const views = only ? dashboard.instances.filter((v) => v.instance === only) : dashboard.instances;
    if (only && views.length === 0) throw new ToolError(`No instance named "${only}".`);
    const { kpis } = dashboard;
    const alerts = await this.openAlerts();
    const data = {
      generatedAt: dashboard.generatedAt,
      demo: dashboard.demo,
      fleet: {
        runningPods: kpis.runningPods,
        burnRatePerHour: kpis.burnRatePerHour,
        projectedPerDay: kpis.projectedPerDay,
        projectedPerMonth: kpis.projectedPerMonth,
        spendToday: costs.spend.today,
        idleWasteToday: costs.idleWaste.today,
        balance: costs.account.balance,
        runwayHours: costs.account.runwayHours,
        activeAgents: kpis.activeAgents,
        openAlerts: kpis.openAlerts ?? 0,
      },
      collector: dashboard.collector,
      instances: views.map(instanceSummary),
      unmanagedPods: only
        ? []
        : dashboard.unmanagedPods.slice(0, LIST_LIMIT).map((pod) => ({
            id: pod.id,
            name: pod.name,
            status: pod.status,
            costPerHr: pod.costPerHr,
            gpu: pod.gpu,
          })),
      unmanagedPodsTotal: dashboard.unmanagedPods.length,
      alerts: alerts.slice(0, LIST_LIMIT),
      suggestions: costs.suggestions.slice(0, 10),
    };
    const lines = [
      `${kpis.runningPods} running pod(s) burning ${formatMoney(kpis.burnRatePerHour)}/h (${formatMoney(kpis.projectedPerDay)}/day, ${formatMoney(kpis.projectedPerMonth)}/month).`,
      `Today: spent ${formatMoney(costs.spend.today.amount)} (${costs.spend.today.basis}), idle waste ${formatMoney(costs.idleWaste.today)}.`,
      costs.account.balance === null
        ? 'Balance: unknown.'
        : `Balance ${formatMoney(costs.account.balance)}${costs.account.runwayHours === null ? '' : `, about ${costs.account.runwayHours} h of runway`}.`,
      ...(dashboard.collector.stale
        ? [`Data is stale: ${dashboard.collector.lastError ?? 'no recent collection'}.`]
        : []),
      ...views.map((v) => {
        const summary = instanceSummary(v);
        return `- ${summary.name}: ${summary.state}${summary.podStatus ? `, pod ${summary.podStatus}` : ''}, ${formatMoney(summary.costPerHr)}/h, countdown ${summary.countdown}`;
      }),
      ...alerts.slice(0, 5).map((a) => `! ${a.severity}: ${a.message}`),
      ...costs.suggestions.slice(0, 3).map((s: CostSuggestion) => `Suggestion: ${s.message}`),
    ];
    return { text: lines.join('\n'), data };
  }

  private async openAlerts() {
    const alerts = await this.alerts.open();
    return alerts.reverse().map((a) => ({
      rule: a.rule,
      subject: a.subject,
      severity: a.severity,
      message: a.message,
      firedAt: a.firedAt.toISOString(),
    }));
  }

  private async listInstances() {
    const views = await this.instances.views();
    const data = { instances: views.map(instanceSummary) };
    const text = views.length
      ? views
          .map(
            (v) =>
              `- ${v.instance}: ${v.state}, countdown ${formatCountdown(v.timeUntilKill)}${v.pod ? `, pod ${v.pod.status}` : ''}`,
          )
          .join('\n')
      : 'No instances are configured (podwatch.yaml has none).';
    return { text, data };
  }

  private async extend(name: string, duration: string) {
    const seconds = parseDuration(duration);
    if (seconds === null || seconds > MAX_EXTEND_SECONDS) {
      throw new ToolError(
        `duration must be a duration such as 30m, 2h or 90s, at most 7d (got "${duration}").`,
      );
    }
    const instance = await this.instances.findByName(name);
    const shown = this.instances.view(instance).killAt;
    const killAt = await this.activity.extend(instance.id, seconds, shown, this.clock.now(), ACTOR);
    const [view] = await this.instances.views([await this.instances.findByName(name)]);
    const data = {
      instance: name,
      extendedBySeconds: seconds,
      killAt: killAt.toISOString(),
      timeUntilKill: view!.timeUntilKill,
    };
    return {
      text: `${name} will not be stopped before ${killAt.toISOString()} (${formatCountdown(view!.timeUntilKill)} from now).`,
      data,
    };
  }

  private async prunePreview(instance: string | undefined) {
    const result = await this.prune.lockedRun({ trigger: 'mcp', dryRun: true, instance });
    if (!result.ran) throw new ToolError('A prune run is in progress; try again in a moment.');
    const run: PruneRunView = result.value;
    const data = {
      runId: run.id,
      summary: run.summary,
      decisions: run.decisions.map((d) => ({
        instance: d.instance,
        action: d.action,
        code: d.code,
        reason: d.reason,
        killAt: d.killAt,
        timeUntilKill: d.timeUntilKill,
      })),
    };
    const due = run.decisions.filter((d) => d.action !== 'none');
    const text = [
      due.length ? `Prune would act on ${due.length} instance(s) now:` : 'Prune would do nothing now.',
      ...run.decisions.map(
        (d) => `- ${d.instance}: ${d.action === 'none' ? 'no action' : d.action} (${d.reason})`,
      ),
    ].join('\n');
    return { text, data };
  }

  private async control(args: {
    instance?: string;
    podId?: string;
    action: 'start' | 'stop' | 'terminate';
    confirm?: boolean;
  }) {
    if ((args.instance === undefined) === (args.podId === undefined)) {
      throw new ToolError('Give exactly one of instance or podId.');
    }
    const target = args.instance
      ? await this.instanceTarget(await this.instances.findByName(args.instance), args.action)
      : this.podTarget(await this.podActions.find(args.podId!), args.action);
    if (args.confirm !== true) {
      return {
        text: `Preview only, nothing changed: ${target.preview} Call control_pod again with confirm: true to do it.`,
        data: {
          preview: true,
          executed: false,
          action: args.action,
          target: target.label,
          wouldDo: target.preview,
          ...target.facts,
        },
      };
    }
    const outcome = await target.execute();
    return {
      text: `Done: ${outcome}`,
      data: {
        preview: false,
        executed: true,
        action: args.action,
        target: target.label,
        outcome,
        ...target.facts,
      },
    };
  }

  private async instanceTarget(instance: InstanceWithSnapshot, action: 'start' | 'stop' | 'terminate') {
    const pod = instance.podId ? await this.podActions.find(instance.podId).catch(() => null) : null;
    const label = `instance ${instance.name}`;
    const facts = {
      instance: instance.name,
      podId: instance.podId,
      podStatus: pod?.status ?? null,
      costPerHr: pod?.costPerHr ?? 0,
    };
    if (instance.type !== 'pod')
      throw new ToolError(`${instance.name} is a serverless instance; it has no pod to ${action}.`);
    if (action === 'start') {
      const running = pod !== null && pod.goneAt === null && HOLDS_MACHINE.has(pod.status);
      const spec = instance.createSpec as CreateSpec | null;
      let preview: string;
      if (running)
        preview = `${instance.name}'s pod ${podLine(pod)} already runs; its countdown would restart.`;
      else if (pod && pod.goneAt === null && pod.status !== 'TERMINATED')
        preview = `would resume ${instance.name}'s pod ${podLine(pod)} and restart its countdown.`;
      else if (spec)
        preview = `would create a new pod for ${instance.name} (${spec.gpuCount}× ${spec.gpuType}, ${spec.image ?? `template ${spec.templateId}`}) and start its countdown.`;
      else throw new ToolError(`${instance.name} has no pod and no create spec to make one.`);
      return {
        label,
        facts,
        preview,
        execute: async () => {
          const result = await this.instanceActions.ensure(instance, ACTOR);
          return `${instance.name}: ${result.outcome} (pod ${result.podId}).`;
        },
      };
    }
    if (!pod || pod.goneAt !== null) throw new ToolError(`${instance.name} has no pod to ${action}.`);
    return {
      label,
      facts,
      preview: this.stopPreview(pod, action, instance.name),
      execute: async () => {
        const after = await this.instanceActions.act(instance, action, ACTOR);
        return `${action} sent to ${pod.name} (${pod.id}); RunPod reports it ${after?.status ?? 'gone'}.`;
      },
    };
  }

  private podTarget(pod: Pod, action: 'start' | 'stop' | 'terminate') {
    const facts = { podId: pod.id, podStatus: pod.status, costPerHr: pod.costPerHr };
    if (pod.goneAt !== null) throw new ToolError(`Pod ${pod.id} no longer exists (terminated).`);
    const preview =
      action === 'start'
        ? HOLDS_MACHINE.has(pod.status)
          ? `pod ${podLine(pod)} already runs; RunPod would refuse a start.`
          : `would start pod ${podLine(pod)}.`
        : this.stopPreview(pod, action, null);
    return {
      label: `pod ${pod.id}`,
      facts,
      preview,
      execute: async () => {
        await this.podActions.act(pod.id, action, ACTOR);
        const after = await this.podActions.find(pod.id);
        return `${action} sent to ${pod.name} (${pod.id}); it is now ${after.goneAt ? 'gone' : after.status}.`;
      },
    };
  }

  private stopPreview(pod: Pod, action: 'stop' | 'terminate', instance: string | null): string {
    const owner = instance ? ` of ${instance}` : '';
    const saves = pod.costPerHr > 0 ? ` It saves ${formatMoney(roundMoney(pod.costPerHr * 24))}/day.` : '';
    if (action === 'stop') {
      return `would stop pod ${podLine(pod)}${owner}; its volume (${pod.volumeInGb ?? 0} GB) is kept and billed at $0.20/GB/month.${saves}`;
    }
    return `would terminate pod ${podLine(pod)}${owner}: the pod and its volume are deleted for good.${saves}`;
  }
}
