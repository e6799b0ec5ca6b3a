/** The fleet table: instances and unmanaged pods, one line each, with a scrolling window. */
import type { DashboardResponse } from '@podwatch/shared';
import { Box, Text } from 'ink';
import {
  ago,
  DASH,
  gpuLabel,
  gpuTone,
  liveCountdown,
  percent,
  podStatusTone,
  SIGNAL_LABEL,
  stateTone,
  type Tone,
  uptimeText,
} from '../format.js';
import { meter } from '../sparkline.js';
import { type FleetRow } from './model.js';
import { Cell } from './widgets.js';

interface Layout {
  name: number;
  state: number;
  pod: number;
  gpu: number;
  cost: number;
  bar: number;
  pct: number;
  prune: number;
  last: number;
}

/**
 * Column widths for the terminal width: wide screens get the utilisation meter and the
 * last-activity column; what is left over widens the name and GPU columns.
 */
export function fleetLayout(columns: number): Layout {
  const width = columns - 2 /* padding */ - 2; /* cursor */
  const used = (layout: Layout) => {
    const shown = (Object.values(layout) as number[]).filter((w) => w > 0);
    return shown.reduce((a, b) => a + b, 0) + shown.length - 1;
  };
  const base: Layout =
    width >= 96
      ? { name: 16, state: 10, pod: 12, gpu: 15, cost: 6, bar: 10, pct: 4, prune: 10, last: 0 }
      : width >= 86
        ? { name: 16, state: 10, pod: 10, gpu: 15, cost: 6, bar: 6, pct: 4, prune: 10, last: 0 }
        : { name: 14, state: 9, pod: 9, gpu: 13, cost: 6, bar: 0, pct: 4, prune: 9, last: 0 };
  const spare = Math.max(0, width - used(base));
  if (spare >= 20) {
    const extra = Math.min(spare - 20, 8);
    const name = Math.min(4, Math.ceil(extra / 2));
    return { ...base, name: base.name + name, gpu: base.gpu + extra - name, last: spare - extra - 1 };
  }
  const name = Math.min(4, Math.ceil(spare / 2));
  return { ...base, name: base.name + name, gpu: base.gpu + spare - name };
}

interface RowCells {
  name: string;
  nameTone?: Tone;
  state: string;
  stateTone: Tone;
  pod: string;
  podTone: Tone;
  gpu: string;
  cost: string;
  costTone: Tone;
  util: number | null;
  utilTone: Tone;
  prune: string;
  pruneTone: Tone;
  last: string;
}

function cellsOf(row: FleetRow, now: number): RowCells {
  if (row.kind === 'pod') {
    const pod = row.pod;
    return {
      name: pod.name,
      state: 'unmanaged',
      stateTone: stateTone('unmanaged'),
      pod: pod.status,
      podTone: podStatusTone(pod.status),
      gpu: gpuLabel(pod.gpu),
      cost: pod.costPerHr.toFixed(2),
      costTone: pod.costPerHr > 0 ? 'plain' : 'gray',
      util: pod.utilization?.gpuMaxPercent ?? null,
      utilTone: gpuTone(pod.utilization?.gpuMaxPercent),
      prune: 'never',
      pruneTone: 'gray',
      last: uptimeText(pod) ?? '',
    };
  }
  const s = row.snapshot;
  const countdown = liveCountdown(s, now);
  const serverless = s.config.type === 'serverless';
  const workers = s.serverless?.workers;
  return {
    name: s.stale ? `⚠ ${s.instance}` : s.instance,
    ...(s.stale ? { nameTone: 'yellow' as const } : {}),
    state: s.stale ? `${countdown.state}!` : countdown.state,
    stateTone: s.stale ? 'yellow' : stateTone(countdown.state),
    pod: serverless ? 'serverless' : (s.pod?.status ?? 'no pod'),
    podTone: serverless ? 'cyan' : podStatusTone(s.pod?.status),
    gpu: serverless
      ? workers
        ? `${workers.running}/${s.serverless?.workersMax ?? '?'} workers`
        : DASH
      : s.pod
        ? gpuLabel(s.pod.gpu)
        : DASH,
    cost: s.pod ? s.pod.costPerHr.toFixed(2) : DASH,
    costTone: s.pod && s.pod.costPerHr > 0 ? 'plain' : 'gray',
    util: s.telemetry?.gpuUtilMax ?? null,
    utilTone: gpuTone(s.telemetry?.gpuUtilMax, s.config.gpuUtilThreshold),
    prune: countdown.text,
    pruneTone: countdown.tone,
    last: s.lastActivity ? `${SIGNAL_LABEL[s.lastActivity.signal]} · ${ago(s.lastActivity.at, now)}` : DASH,
  };
}

const GAP = <Text> </Text>;

function FleetLine({
  row,
  layout,
  selected,
  now,
}: {
  row: FleetRow;
  layout: Layout;
  selected: boolean;
  now: number;
}) {
  const c = cellsOf(row, now);
  return (
    <Box paddingX={1}>
      <Cell width={2} color="cyan" bold>
        {selected ? '▶ ' : '  '}
      </Cell>
      <Cell width={layout.name} color={c.nameTone} bold={selected} inverse={selected}>
        {c.name}
      </Cell>
      {GAP}
      <Cell width={layout.state} color={c.stateTone}>
        {c.state}
      </Cell>
      {GAP}
      <Cell width={layout.pod} color={c.podTone}>
        {c.pod}
      </Cell>
      {GAP}
      <Cell width={layout.gpu}>{c.gpu}</Cell>
      {GAP}
      <Cell width={layout.cost} align="right" color={c.costTone}>
        {c.cost}
      </Cell>
      {GAP}
      {layout.bar > 0 ? (
        <>
          <Cell width={layout.bar} color={c.utilTone}>
            {meter(c.util, layout.bar)}
          </Cell>
          {GAP}
        </>
      ) : null}
      <Cell width={layout.pct} align="right" color={c.utilTone}>
        {percent(c.util)}
      </Cell>
      {GAP}
      <Cell width={layout.prune} align="right" color={c.pruneTone} bold={c.pruneTone === 'red'}>
        {c.prune}
      </Cell>
      {layout.last > 0 ? (
        <>
          {GAP}
          {GAP}
          <Cell width={layout.last - 1} dim>
            {c.last}
          </Cell>
        </>
      ) : null}
    </Box>
  );
}

function HeaderLine({ layout }: { layout: Layout }) {
  return (
    <Box paddingX={1}>
      <Cell width={2}> </Cell>
      <Cell width={layout.name} bold>
        INSTANCE / POD
      </Cell>
      {GAP}
      <Cell width={layout.state} bold>
        STATE
      </Cell>
      {GAP}
      <Cell width={layout.pod} bold>
        STATUS
      </Cell>
      {GAP}
      <Cell width={layout.gpu} bold>
        GPU
      </Cell>
      {GAP}
      <Cell width={layout.cost} bold align="right">
        $/H
      </Cell>
      {GAP}
      {layout.bar > 0 ? (
        <Cell width={layout.bar + 1 + layout.pct} bold>
          GPU UTIL
        </Cell>
      ) : (
        <Cell width={layout.pct} bold align="right">
          GPU
        </Cell>
      )}
      {GAP}
      <Cell width={layout.prune} bold align="right">
        PRUNE IN
      </Cell>
      {layout.last > 0 ? (
        <>
          {GAP}
          {GAP}
          <Cell width={layout.last - 1} bold>
            LAST ACTIVITY
          </Cell>
        </>
      ) : null}
    </Box>
  );
}

type Line = { type: 'row'; row: FleetRow; index: number } | { type: 'divider' };

export interface FleetBodyProps {
  data: DashboardResponse;
  rows: FleetRow[];
  selectedKey: string | null;
  now: number;
  columns: number;
  /** Lines available for the table, header included. */
  height: number;
}

/** The table, scrolled so that the selected row is always in view. */
export function FleetBody({ rows, selectedKey, now, columns, height }: FleetBodyProps) {
  const layout = fleetLayout(columns);
  const lines: Line[] = [];
  rows.forEach((row, index) => {
    if (row.kind === 'pod' && (index === 0 || rows[index - 1]?.kind !== 'pod'))
      lines.push({ type: 'divider' });
    lines.push({ type: 'row', row, index });
  });
  const selectedLine = Math.max(
    0,
    lines.findIndex((l) => l.type === 'row' && l.row.key === selectedKey),
  );
  const room = Math.max(1, height - 2); /* table header and the "more" line */
  const start =
    lines.length <= room
      ? 0
      : Math.min(Math.max(0, selectedLine - Math.floor(room / 2)), lines.length - room);
  const visible = lines.slice(start, start + room);
  const hidden = lines.length - visible.length;
  const dividerLabel = '── unmanaged pods: shown with their cost, never pruned ';
  const divider = dividerLabel + '─'.repeat(Math.max(0, columns - 6 - dividerLabel.length));
  return (
    <Box flexDirection="column">
      <HeaderLine layout={layout} />
      {rows.length === 0 ? (
        <Box paddingX={3}>
          <Text dimColor>Nothing matches.</Text>
        </Box>
      ) : null}
      {visible.map((line, i) =>
        line.type === 'divider' ? (
          <Box key={`divider-${start + i}`} paddingX={3}>
            <Text dimColor wrap="truncate-end">
              {divider}
            </Text>
          </Box>
        ) : (
          <FleetLine
            key={line.row.key}
            row={line.row}
            layout={layout}
            selected={line.row.key === selectedKey}
            now={now}
          />
        ),
      )}
      {hidden > 0 ? (
        <Box paddingX={3}>
          <Text dimColor>
            {start > 0 ? `↑ ${start} more  ` : ''}
            {lines.length - start - visible.length > 0
              ? `↓ ${lines.length - start - visible.length} more`
              : ''}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
