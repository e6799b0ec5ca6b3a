/**
 * One instance in detail: countdown, specs, telemetry with sparklines, GPUs, agents, what the pod
 * agent reported, recent events.
 */
import {
  formatDuration,
  type InstanceSnapshot,
  type PodView,
  type TelemetryPoint,
  type TimelineEntry,
} from '@podwatch/shared';
import { Box, Text } from 'ink';
import {
  ago,
  celsius,
  clock,
  DASH,
  gigabytes,
  gpuLabel,
  gpuTone,
  inkColor,
  liveCountdown,
  loadTone,
  onIdleText,
  percent,
  perHour,
  podStatusTone,
  SIGNAL_LABEL,
  temperatureTone,
  type Tone,
  uptimeText,
  watts,
} from '../format.js';
import { meter, sparkline } from '../sparkline.js';
import { AgentPanel, agentPanelLines } from './agent-panel.js';
import { type Detail, HISTORY_MINUTES, slotted, telemetryLayout } from './model.js';
import { Cell, Field } from './widgets.js';

/** `pod <id> · <data centre> · up <uptime>`, as far as known. */
function podWhere(pod: PodView): string {
  return [`pod ${pod.id}`, pod.dataCenterId, uptimeText(pod)].filter(Boolean).join(' · ');
}

const STATE_TEXT: Record<string, string> = {
  active: 'ACTIVE — busy; activity resets the countdown',
  counting: 'COUNTING — idle; pruned when this reaches zero',
  pruning: 'PRUNING — due now; the next prune run stops it',
  protected: 'PROTECTED — shown, never pruned',
  stopped: 'STOPPED',
  unknown: 'UNKNOWN — no data collected yet',
};

function CountdownPanel({
  snapshot,
  now,
  width,
}: {
  snapshot: InstanceSnapshot;
  now: number;
  width: number;
}) {
  const countdown = liveCountdown(snapshot, now);
  const pod = snapshot.pod;
  const stoppedText =
    snapshot.config.type === 'serverless'
      ? 'STOPPED — no running or initializing workers'
      : pod
        ? `STOPPED — pod ${pod.status}${snapshot.flushedAt ? `; confirmed and flushed ${ago(snapshot.flushedAt, now)}` : ''}`
        : `NO POD — ${snapshot.config.canCreate ? '`start` creates one from the create spec' : 'set podId or create in podwatch.yaml'}`;
  const stateText =
    countdown.state === 'stopped' ? stoppedText : (STATE_TEXT[countdown.state] ?? countdown.state);
  const showClock = countdown.state !== 'stopped' && countdown.state !== 'protected';
  const last = snapshot.lastActivity;
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={countdown.tone === 'plain' ? 'gray' : countdown.tone}
      paddingX={1}
      width={width}
    >
      <Box>
        <Text bold>{snapshot.instance}</Text>
        <Text>{'  '}</Text>
        {snapshot.config.type === 'serverless' ? (
          <Text color="cyan">serverless endpoint {snapshot.config.endpointId ?? DASH}</Text>
        ) : pod ? (
          <Text wrap="truncate-end">
            <Text color={podStatusTone(pod.status)}>● {pod.status}</Text>
            <Text bold>{`  ${perHour(pod.costPerHr)}`}</Text>
            <Text dimColor>{`   ${podWhere(pod)}`}</Text>
          </Text>
        ) : (
          <Text color="gray">no pod</Text>
        )}
      </Box>
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <Text bold>Time until prune: </Text>
          <Text bold color={inkColor(countdown.tone)} inverse={countdown.state === 'pruning'}>
            {showClock ? countdown.text : '--:--:--'}
          </Text>
          <Text>{'   '}</Text>
          <Text color={countdown.tone === 'plain' ? 'yellow' : countdown.tone}>{stateText}</Text>
        </Text>
      </Box>
      <Text wrap="truncate-end">
        <Text dimColor>Last reset: </Text>
        {last ? (
          <Text>
            <Text color="green">{SIGNAL_LABEL[last.signal]}</Text>
            <Text>{` · ${ago(last.at, now)}`}</Text>
            {last.detail ? <Text dimColor>{` — ${last.detail}`}</Text> : null}
          </Text>
        ) : (
          <Text dimColor>
            no activity seen since Podwatch started watching (counting from the pod's start)
          </Text>
        )}
      </Text>
      <Text wrap="truncate-end" dimColor>
        {snapshot.killAt && showClock ? `Prunes at ${clock(snapshot.killAt)} · ` : ''}
        {`inactivity ${formatDuration(snapshot.inactivitySeconds)} · on idle: ${onIdleText(snapshot)}`}
      </Text>
      {snapshot.stale ? (
        <Text color="yellow" bold wrap="truncate-end">
          {`⚠ STALE${snapshot.staleSince ? ` since ${clock(snapshot.staleSince)}` : ''} — prune holds off until data is fresh: ${snapshot.staleReason ?? 'no successful collection'}`}
        </Text>
      ) : null}
    </Box>
  );
}

function specsText(pod: PodView): string {
  return [
    pod.vcpuCount !== null ? `${pod.vcpuCount} vCPU` : null,
    pod.memoryInGb !== null ? `${pod.memoryInGb} GB RAM` : null,
    pod.gpu && pod.gpu.count > 0
      ? `${pod.gpu.displayName ?? pod.gpu.typeId ?? 'GPU'} × ${pod.gpu.count}`
      : 'no GPU',
    pod.containerDiskInGb !== null ? `disk ${gigabytes(pod.containerDiskInGb)}` : null,
    pod.volumeInGb ? `volume ${gigabytes(pod.volumeInGb)}` : 'no volume',
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
}

export function PodSpecs({ pod }: { pod: PodView }) {
  return (
    <Box flexDirection="column" paddingX={1}>
      <Field label="Specs">
        <Text wrap="truncate-end">{specsText(pod)}</Text>
      </Field>
      <Field label="">
        <Text wrap="truncate-end" dimColor>
          {[pod.image, pod.sshCommand ?? (pod.ports.length ? null : 'no ports')]
            .filter(Boolean)
            .join(' · ') || DASH}
        </Text>
      </Field>
    </Box>
  );
}

interface Metric {
  label: string;
  pick: (p: TelemetryPoint) => number | null;
  text: string;
  tone: Tone;
  format: (value: number) => string;
  /** Said before the history's average and peak. */
  note?: string;
  scale?: 'auto';
}

function historyNote(values: (number | null)[], metric: Metric): string {
  const present = values.filter((v): v is number => v !== null);
  const parts: string[] = metric.note ? [metric.note] : [];
  if (present.length > 1) {
    const avg = present.reduce((a, b) => a + b, 0) / present.length;
    parts.push(`avg ${metric.format(avg)}`, `peak ${metric.format(Math.max(...present))}`);
  }
  return parts.join(' · ');
}

function TelemetryPanel({
  snapshot,
  detail,
  now,
  columns,
}: {
  snapshot: InstanceSnapshot;
  detail: Detail | null;
  now: number;
  columns: number;
}) {
  const t = snapshot.telemetry;
  const threshold = snapshot.config.gpuUtilThreshold;
  const gpuCount = t?.gpus.length ?? snapshot.pod?.gpu?.count ?? 0;
  const gpuNote =
    t?.gpuUtilMax === null || t?.gpuUtilMax === undefined
      ? undefined
      : `${t.gpuUtilMax < threshold ? `idle <${threshold}%` : `busy ≥${threshold}%`}${gpuCount > 1 ? ` · busiest of ${gpuCount}` : ''}`;
  const metrics: Metric[] = [
    {
      label: 'CPU',
      pick: (p) => p.cpuPercent,
      text: percent(t?.cpuPercent),
      tone: loadTone(t?.cpuPercent),
      format: percent,
    },
    {
      label: 'Memory',
      pick: (p) => p.memoryPercent,
      text: percent(t?.memoryPercent),
      tone: loadTone(t?.memoryPercent),
      format: percent,
    },
    {
      label: 'GPU',
      pick: (p) => p.gpuUtilMax,
      text: percent(t?.gpuUtilMax),
      tone: gpuTone(t?.gpuUtilMax, threshold),
      format: percent,
      ...(gpuNote ? { note: gpuNote } : {}),
    },
    {
      label: 'GPU mem',
      pick: (p) => p.gpuMemPercent,
      text: percent(t?.gpuMemPercent),
      tone: loadTone(t?.gpuMemPercent),
      format: percent,
    },
    {
      label: 'Temp',
      pick: (p) => p.temperatureC,
      text: celsius(t?.temperatureC),
      tone: temperatureTone(t?.temperatureC),
      format: celsius,
      ...(gpuCount > 1 ? { note: 'hottest GPU' } : {}),
    },
    {
      label: 'Power',
      pick: (p) => p.powerWatts,
      text: watts(t?.powerWatts),
      tone: 'cyan',
      format: watts,
      scale: 'auto',
      ...(gpuCount > 1 ? { note: 'all GPUs' } : {}),
    },
  ];
  const {
    label: labelWidth,
    spark: sparkWidth,
    value: valueWidth,
    note: noteWidth,
  } = telemetryLayout(columns);
  const series = detail?.series ?? null;
  const heading = t
    ? `last ${HISTORY_MINUTES} min · sampled ${ago(t.time, now)}`
    : snapshot.flushedAt
      ? `live stats cleared by prune ${ago(snapshot.flushedAt, now)}; history is kept`
      : 'no sample yet';
  return (
    <Box flexDirection="column" paddingX={1}>
      <Field label="Telemetry">
        <Text dimColor wrap="truncate-end">
          {heading}
        </Text>
      </Field>
      {metrics.map((m) => {
        const values = series ? slotted(series, m.pick) : [];
        return (
          <Box key={m.label} paddingLeft={2}>
            <Cell width={labelWidth - 2}>{m.label}</Cell>
            <Cell width={sparkWidth} color={m.tone}>
              {sparkline(values, sparkWidth, m.scale ?? { min: 0, max: 100 })}
            </Cell>
            <Cell width={valueWidth} align="right" color={m.tone} bold>
              {m.text}
            </Cell>
            {noteWidth > 0 ? (
              <Cell width={noteWidth + 2} dim>
                {`  ${historyNote(values, m)}`}
              </Cell>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

function GpuList({ snapshot, columns }: { snapshot: InstanceSnapshot; columns: number }) {
  const gpus = snapshot.telemetry?.gpus ?? [];
  if (gpus.length === 0) return null;
  const barWidth = columns >= 110 ? 20 : 10;
  return (
    <Box flexDirection="column" paddingX={1}>
      {gpus.map((gpu, index) => (
        <Field key={gpu.index} label={index === 0 ? 'GPUs' : ''}>
          <Text wrap="truncate-end">
            <Text dimColor>{`#${gpu.index} `}</Text>
            <Text color={gpuTone(gpu.utilPercent, snapshot.config.gpuUtilThreshold)}>
              {meter(gpu.utilPercent, barWidth)}
            </Text>
            <Text
              color={gpuTone(gpu.utilPercent, snapshot.config.gpuUtilThreshold)}
            >{` ${percent(gpu.utilPercent).padStart(4)}`}</Text>
            <Text>{`  mem ${percent(gpu.memoryUtilPercent).padStart(4)}  `}</Text>
            <Text color={temperatureTone(gpu.temperatureC)}>{celsius(gpu.temperatureC).padStart(5)}</Text>
            <Text>{`  ${watts(gpu.powerWatts).padStart(6)}`}</Text>
          </Text>
        </Field>
      ))}
    </Box>
  );
}

function ServerlessPanel({ snapshot }: { snapshot: InstanceSnapshot }) {
  const endpoint = snapshot.serverless;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Field label="Workers">
        {endpoint ? (
          <Text wrap="truncate-end">
            <Text
              color={endpoint.workers.running > 0 ? 'green' : 'gray'}
            >{`${endpoint.workers.running} running`}</Text>
            {` · ${endpoint.workers.idle} idle · ${endpoint.workers.initializing} initializing · ${endpoint.workers.throttled} throttled · `}
            <Text
              color={endpoint.workers.unhealthy > 0 ? 'red' : undefined}
            >{`${endpoint.workers.unhealthy} unhealthy`}</Text>
            <Text dimColor>{`   (min ${endpoint.workersMin}, max ${endpoint.workersMax})`}</Text>
          </Text>
        ) : (
          <Text dimColor>not seen yet</Text>
        )}
      </Field>
    </Box>
  );
}

function AgentList({ snapshot, now }: { snapshot: InstanceSnapshot; now: number }) {
  if (snapshot.agents.length === 0) return null;
  return (
    <Box flexDirection="column" paddingX={1}>
      {snapshot.agents.map((agent, index) => (
        <Field key={`${agent.podId}:${agent.agent}`} label={index === 0 ? 'Agents' : ''}>
          <Text wrap="truncate-end">
            <Text bold>{agent.agent}</Text>
            <Text
              color={agent.status === 'working' ? 'green' : agent.active ? 'yellow' : 'gray'}
            >{` ${agent.status}`}</Text>
            <Text dimColor>{` · heartbeat ${ago(agent.lastHeartbeat, now)}`}</Text>
            {agent.currentTask ? <Text>{` · ${agent.currentTask}`}</Text> : null}
          </Text>
        </Field>
      ))}
    </Box>
  );
}

function entryText(entry: TimelineEntry): { what: string; tone: Tone; detail: string } {
  if (entry.type === 'activity') {
    return { what: SIGNAL_LABEL[entry.signal], tone: 'green', detail: entry.detail ?? '' };
  }
  const tone: Tone = entry.outcome === 'failed' ? 'red' : entry.outcome === 'skipped' ? 'yellow' : 'cyan';
  return {
    what: `${entry.kind.replace('_', ' ')} ${entry.outcome}`,
    tone,
    detail: `${entry.reason ?? ''}${entry.actor ? ` (${entry.actor})` : ''}`,
  };
}

function RecentList({ detail, limit }: { detail: Detail | null; limit: number }) {
  const entries = detail?.timeline?.entries.slice(0, limit) ?? [];
  if (limit <= 0) return null;
  return (
    <Box flexDirection="column" paddingX={1}>
      {entries.length === 0 ? (
        <Field label="Recent">
          <Text dimColor>{detail?.timeline ? 'nothing yet' : 'loading…'}</Text>
        </Field>
      ) : (
        entries.map((entry, index) => {
          const text = entryText(entry);
          return (
            <Field key={`${entry.at}-${index}`} label={index === 0 ? 'Recent' : ''}>
              <Text wrap="truncate-end">
                <Text dimColor>{clock(entry.at)} </Text>
                <Text color={text.tone}>{text.what.padEnd(20)}</Text>
                <Text>{text.detail}</Text>
              </Text>
            </Field>
          );
        })
      )}
    </Box>
  );
}

export interface InstanceBodyProps {
  snapshot: InstanceSnapshot;
  detail: Detail | null;
  now: number;
  columns: number;
  height: number;
}

export function InstanceBody({ snapshot, detail, now, columns, height }: InstanceBodyProps) {
  const width = Math.max(40, columns - 2);
  const serverless = snapshot.config.type === 'serverless';
  const panelLines = 7 + (snapshot.stale ? 1 : 0);
  const specLines = serverless ? 1 : snapshot.pod ? 2 : 0;
  const telemetryLines = serverless ? 0 : 7;
  const gpuLines = snapshot.telemetry?.gpus.length ?? 0;
  const agentLines = snapshot.agents.length + agentPanelLines(snapshot.agent);
  const fixed = panelLines + specLines + telemetryLines + agentLines;
  const showGpus = fixed + gpuLines <= height;
  const recent = Math.min(6, height - fixed - (showGpus ? gpuLines : 0));
  return (
    <Box flexDirection="column">
      <Box paddingX={1}>
        <CountdownPanel snapshot={snapshot} now={now} width={width} />
      </Box>
      {serverless ? (
        <ServerlessPanel snapshot={snapshot} />
      ) : snapshot.pod ? (
        <PodSpecs pod={snapshot.pod} />
      ) : null}
      {serverless ? null : <TelemetryPanel snapshot={snapshot} detail={detail} now={now} columns={columns} />}
      {showGpus ? <GpuList snapshot={snapshot} columns={columns} /> : null}
      <AgentList snapshot={snapshot} now={now} />
      <AgentPanel agent={snapshot.agent} now={now} />
      <RecentList detail={detail} limit={recent} />
    </Box>
  );
}

/** An unmanaged pod: no countdown, no history; what it is and what it costs. */
export function PodBody({ pod, now }: { pod: PodView; now: number }) {
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="round" borderColor="magenta" paddingX={1} marginX={1}>
        <Text wrap="truncate-end">
          <Text bold>{pod.name}</Text>
          <Text color={podStatusTone(pod.status)}>{`  ● ${pod.status}`}</Text>
          <Text bold>{`  ${perHour(pod.costPerHr)}`}</Text>
          <Text dimColor>{`   ${podWhere(pod)}`}</Text>
        </Text>
        <Text color="magenta" wrap="truncate-end">
          Unmanaged: it belongs to no instance, so it is shown with its cost and never pruned.
        </Text>
        <Text dimColor wrap="truncate-end">
          {`${gpuLabel(pod.gpu, true)} · seen ${ago(pod.lastSeenAt, now)}${pod.createdAt ? ` · created ${clock(pod.createdAt)}` : ''}`}
        </Text>
      </Box>
      <PodSpecs pod={pod} />
      {pod.ports.length > 0 ? (
        <Box flexDirection="column" paddingX={1}>
          {pod.ports.map((port, index) => (
            <Field key={`${port.privatePort}/${port.type}`} label={index === 0 ? 'Ports' : ''}>
              <Text wrap="truncate-end">
                {`${port.privatePort}/${port.type}`}
                <Text
                  dimColor
                >{` → ${port.url ?? (port.ip ? `${port.ip}:${port.publicPort ?? '?'}` : 'not exposed')}`}</Text>
              </Text>
            </Field>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
