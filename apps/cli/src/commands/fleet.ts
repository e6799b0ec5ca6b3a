/** `status`, `pods` and `stats`: what the fleet is doing and costing, as text or JSON. */
import type { Command } from 'commander';
import chalk from 'chalk';
import type { DashboardResponse, InstanceSnapshot, PodView } from '@podwatch/shared';
import { type ApiClient, apiPath, CliError, EXIT } from '../api-client.js';
import {
  ago,
  celsius,
  DASH,
  gpuLabel,
  gpuTone,
  liveCountdown,
  loadTone,
  money,
  paint,
  percent,
  perHour,
  plural,
  podStatusTone,
  serverTimeOf,
  SIGNAL_LABEL,
  span,
  stateTone,
  temperatureTone,
  watts,
} from '../format.js';
import { type Column, renderTable } from '../table.js';
import { terminalColumns } from '../terminal.js';
import { printJson } from './output.js';

/** A collection cycle's report (`POST /stats/refresh`). */
export interface CycleReport {
  ok: boolean;
  startedAt: string;
  durationMs: number;
  pods: number;
  samples: number;
  error: string | null;
}

export function instanceColumns(now: number): Column<InstanceSnapshot>[] {
  return [
    { header: 'INSTANCE', value: (s) => (s.stale ? chalk.yellow(`${s.instance} (stale)`) : s.instance) },
    { header: 'TYPE', value: (s) => s.config.type, optional: true },
    {
      header: 'STATE',
      value: (s) => {
        const c = liveCountdown(s, now);
        return paint(stateTone(c.state), c.state);
      },
    },
    {
      header: 'STATUS',
      value: (s) =>
        s.config.type === 'serverless'
          ? chalk.cyan(`${s.serverless?.workers.running ?? 0} running`)
          : s.pod
            ? paint(podStatusTone(s.pod.status), s.pod.status)
            : chalk.gray('no pod'),
    },
    { header: 'GPU', value: (s) => (s.pod ? gpuLabel(s.pod.gpu) : DASH), optional: true, maxWidth: 22 },
    { header: '$/H', value: (s) => (s.pod ? s.pod.costPerHr.toFixed(2) : DASH), align: 'right' },
    {
      header: 'GPU%',
      value: (s) =>
        paint(gpuTone(s.telemetry?.gpuUtilMax, s.config.gpuUtilThreshold), percent(s.telemetry?.gpuUtilMax)),
      align: 'right',
    },
    {
      header: 'PRUNE IN',
      value: (s) => {
        const c = liveCountdown(s, now);
        return paint(c.tone, c.text);
      },
      align: 'right',
    },
    {
      header: 'LAST ACTIVITY',
      value: (s) =>
        s.lastActivity ? `${SIGNAL_LABEL[s.lastActivity.signal]} · ${ago(s.lastActivity.at, now)}` : DASH,
      optional: true,
      maxWidth: 40,
    },
  ];
}

export function podColumns(): Column<PodView>[] {
  return [
    { header: 'POD', value: (p) => p.name, maxWidth: 28 },
    { header: 'ID', value: (p) => p.id },
    { header: 'STATUS', value: (p) => paint(podStatusTone(p.status), p.gone ? 'GONE' : p.status) },
    { header: 'INSTANCE', value: (p) => p.instance ?? chalk.magenta('unmanaged') },
    { header: 'GPU', value: (p) => gpuLabel(p.gpu), maxWidth: 22 },
    { header: '$/H', value: (p) => p.costPerHr.toFixed(2), align: 'right' },
    {
      header: 'VCPU',
      value: (p) => (p.vcpuCount === null ? DASH : String(p.vcpuCount)),
      align: 'right',
      optional: true,
    },
    {
      header: 'MEM',
      value: (p) => (p.memoryInGb === null ? DASH : `${p.memoryInGb}G`),
      align: 'right',
      optional: true,
    },
    {
      header: 'UPTIME',
      value: (p) => (p.status === 'RUNNING' ? span(p.uptimeSeconds) : DASH),
      align: 'right',
      optional: true,
    },
    { header: 'DC', value: (p) => p.dataCenterId ?? DASH, optional: true },
  ];
}

export function formatStatus(data: DashboardResponse, baseUrl: string, width: number): string {
  const now = serverTimeOf(data);
  const k = data.kpis;
  const lines = [
    `${chalk.bold('Podwatch')} ${baseUrl}${data.demo ? ` · ${chalk.magenta('DEMO (simulated RunPod)')}` : ''} · ${
      data.collector.stale
        ? chalk.yellow(
            `collector STALE: last success ${ago(data.collector.lastSuccessAt, now)}${data.collector.lastError ? ` (${data.collector.lastError})` : ''}`,
          )
        : `collected ${ago(data.collector.lastSuccessAt, now)}`
    }`,
    `${chalk.bold(`${k.runningPods} pods running`)} · burn ${chalk.bold(perHour(k.burnRatePerHour))} · ${money(k.projectedPerDay)}/day · ${money(k.projectedPerMonth)}/month · ${plural(k.activeAgents, 'active agent')}${k.idleWasteToday === null ? '' : ` · idle waste today ${money(k.idleWasteToday)}`}`,
    '',
    renderTable(data.instances, instanceColumns(now), width),
  ];
  if (data.unmanagedPods.length > 0) {
    const { listed, total } = data.unmanagedSummary;
    const which =
      listed < total
        ? `the ${listed} costliest of ${total}; podwatch pods --unmanaged lists all`
        : 'no instance';
    lines.push('', chalk.dim(`Unmanaged pods (${which}: shown with their cost, never pruned)`));
    lines.push(
      renderTable(
        data.unmanagedPods,
        podColumns().filter((c) => c.header !== 'INSTANCE'),
        width,
      ),
    );
  }
  return lines.join('\n');
}

export function formatTelemetryTable(instances: InstanceSnapshot[], now: number, width: number): string {
  const columns: Column<InstanceSnapshot>[] = [
    { header: 'INSTANCE', value: (s) => s.instance },
    {
      header: 'STATUS',
      value: (s) =>
        s.pod
          ? paint(podStatusTone(s.pod.status), s.pod.status)
          : chalk.gray(s.config.type === 'serverless' ? 'serverless' : 'no pod'),
    },
    {
      header: 'CPU',
      value: (s) => paint(loadTone(s.telemetry?.cpuPercent), percent(s.telemetry?.cpuPercent)),
      align: 'right',
    },
    {
      header: 'MEM',
      value: (s) => paint(loadTone(s.telemetry?.memoryPercent), percent(s.telemetry?.memoryPercent)),
      align: 'right',
    },
    {
      header: 'GPU',
      value: (s) =>
        paint(gpuTone(s.telemetry?.gpuUtilMax, s.config.gpuUtilThreshold), percent(s.telemetry?.gpuUtilMax)),
      align: 'right',
    },
    {
      header: 'GPU MEM',
      value: (s) => paint(loadTone(s.telemetry?.gpuMemPercent), percent(s.telemetry?.gpuMemPercent)),
      align: 'right',
    },
    {
      header: 'TEMP',
      value: (s) => paint(temperatureTone(s.telemetry?.temperatureC), celsius(s.telemetry?.temperatureC)),
      align: 'right',
    },
    { header: 'POWER', value: (s) => watts(s.telemetry?.powerWatts), align: 'right' },
    { header: 'PRUNE IN', value: (s) => liveCountdown(s, now).text, align: 'right' },
    { header: 'SAMPLED', value: (s) => (s.telemetry ? ago(s.telemetry.time, now) : DASH), optional: true },
  ];
  return renderTable(instances, columns, width);
}

export function formatInstanceStats(s: InstanceSnapshot, now: number): string {
  const c = liveCountdown(s, now);
  const t = s.telemetry;
  const pod = s.pod;
  const lines = [
    `${chalk.bold(s.instance)}  ${pod ? `${paint(podStatusTone(pod.status), pod.status)}  ${perHour(pod.costPerHr)}  pod ${pod.id} (${gpuLabel(pod.gpu)})` : s.config.type === 'serverless' ? `serverless endpoint ${s.config.endpointId ?? DASH}` : chalk.gray('no pod')}`,
    `Time until prune: ${chalk.bold(paint(c.tone, c.text))} (${c.state})${s.lastActivity ? ` · last reset: ${SIGNAL_LABEL[s.lastActivity.signal]} ${ago(s.lastActivity.at, now)}${s.lastActivity.detail ? ` — ${s.lastActivity.detail}` : ''}` : ''}`,
  ];
  if (t) {
    lines.push(
      `CPU ${percent(t.cpuPercent)} · memory ${percent(t.memoryPercent)} · GPU ${percent(t.gpuUtilMax)}${t.gpus.length > 1 ? ` (busiest; avg ${percent(t.gpuUtilAvg)})` : ''} · GPU memory ${percent(t.gpuMemPercent)} · ${celsius(t.temperatureC)} · ${watts(t.powerWatts)} · sampled ${ago(t.time, now)}`,
    );
  } else {
    lines.push(
      chalk.dim(s.flushedAt ? `No live stats: cleared by prune ${ago(s.flushedAt, now)}.` : 'No live stats.'),
    );
  }
  if (s.serverless) {
    const w = s.serverless.workers;
    lines.push(
      `Workers: ${w.running} running · ${w.idle} idle · ${w.initializing} initializing · ${w.unhealthy} unhealthy (min ${s.serverless.workersMin}, max ${s.serverless.workersMax})`,
    );
  }
  if (s.stale)
    lines.push(
      chalk.yellow(`STALE: ${s.staleReason ?? 'no fresh data'}; prune holds off until data is fresh.`),
    );
  return lines.join('\n');
}

export function registerFleetCommands(program: Command, client: () => ApiClient): void {
  program
    .command('status')
    .description('the fleet at a glance: burn rate, instances with their countdowns, unmanaged pods')
    .option('--json', 'print GET /api/v1/dashboard as JSON (stable, for scripts)')
    .addHelpText(
      'after',
      "\nExamples:\n  $ podwatch status\n  $ podwatch status --json | jq '.instances[] | {instance, state, killAt}'",
    )
    .action(async (options: { json?: boolean }) => {
      const api = client();
      const data = await api.get<DashboardResponse>(apiPath`/dashboard`);
      if (options.json) return printJson(data);
      console.log(formatStatus(data, api.baseUrl, terminalColumns()));
    });

  program
    .command('pods')
    .description('every pod of the RunPod account as last collected, costliest first')
    .option('--json', 'print GET /api/v1/pods as JSON')
    .option('--unmanaged', 'only pods that belong to no instance')
    .option('--all', 'also pods RunPod no longer lists (terminated)')
    .addHelpText(
      'after',
      "\nExamples:\n  $ podwatch pods\n  $ podwatch pods --unmanaged --json | jq -r '.[].id'",
    )
    .action(async (options: { json?: boolean; unmanaged?: boolean; all?: boolean }) => {
      const query = new URLSearchParams({
        ...(options.unmanaged ? { unmanaged: 'true' } : {}),
        ...(options.all ? { includeGone: 'true' } : {}),
      }).toString();
      const pods = await client().get<PodView[]>(`${apiPath`/pods`}${query ? `?${query}` : ''}`);
      if (options.json) return printJson(pods);
      if (pods.length === 0) return console.log('No pods.');
      const running = pods.filter((p) => p.status === 'RUNNING');
      console.log(renderTable(pods, podColumns(), terminalColumns()));
      console.log(
        chalk.dim(
          `\n${plural(pods.length, 'pod')} · ${running.length} running · ${perHour(running.reduce((sum, p) => sum + p.costPerHr, 0))}`,
        ),
      );
    });

  program
    .command('stats')
    .argument('[instance]', 'show this instance in detail afterwards')
    .description('collect from RunPod now (one collection cycle), then show live telemetry')
    .option('--json', 'print { collection, instances } or { collection, instance } as JSON')
    .addHelpText(
      'after',
      '\nNeeds the admin token (PODWATCH_TOKEN): a collection is a mutation.\n\nExamples:\n  $ podwatch stats\n  $ podwatch stats trainer --json',
    )
    .action(async (instance: string | undefined, options: { json?: boolean }) => {
      const api = client();
      if (instance) await api.get<InstanceSnapshot>(apiPath`/instances/${instance}`);
      const report = await api.post<CycleReport>(apiPath`/stats/refresh`, {}, { timeoutMs: 120_000 });
      const snapshot = instance ? await api.get<InstanceSnapshot>(apiPath`/instances/${instance}`) : null;
      const data = instance ? null : await api.get<DashboardResponse>(apiPath`/dashboard`);
      if (options.json) {
        printJson(
          snapshot
            ? { collection: report, instance: snapshot }
            : { collection: report, instances: data?.instances ?? [] },
        );
      } else {
        const summary = `${plural(report.pods, 'pod')} and ${plural(report.samples, 'sample')} in ${report.durationMs} ms`;
        console.log(
          report.ok
            ? `${chalk.green('✔')} Collected ${summary}.`
            : `${chalk.red('✖')} Collection failed after ${summary}: ${report.error ?? 'unknown error'}`,
        );
        console.log('');
        if (snapshot) console.log(formatInstanceStats(snapshot, Date.now()));
        else if (data)
          console.log(formatTelemetryTable(data.instances, serverTimeOf(data), terminalColumns()));
      }
      if (!report.ok)
        throw new CliError(`the collection cycle failed: ${report.error ?? 'unknown error'}`, EXIT.failure);
    });
}
