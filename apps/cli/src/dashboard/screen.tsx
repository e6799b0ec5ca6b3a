/**
 * The whole dashboard frame as a pure function of its props: title bar, banners, the fleet or
 * detail body, prompts and key hints. The live app and the one-frame (non-TTY) output both use it.
 */
import type { DashboardResponse } from '@podwatch/shared';
import { Box, Text } from 'ink';
import { ago, clock, inkColor, money, perHour, plural, span, type Tone } from '../format.js';
import { FleetBody } from './fleet-screen.js';
import { InstanceBody, PodBody } from './instance-screen.js';
import { type Detail, type FleetRow, type View } from './model.js';
import { Banner, type KeyHint, KeyHints } from './widgets.js';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'confirm'; title: string; question: string; danger: boolean }
  | { kind: 'extend'; instance: string; text: string; error: string | null }
  | { kind: 'busy'; label: string };

export interface ScreenProps {
  data: DashboardResponse | null;
  baseUrl: string;
  view: View;
  /** Fleet rows after the filter. */
  rows: FleetRow[];
  selectedKey: string | null;
  filter: string;
  filterEditing: boolean;
  detail: Detail | null;
  /** Server time, ms. */
  now: number;
  columns: number;
  /** Terminal rows. */
  height: number;
  refreshSeconds: number;
  readOnly: boolean;
  /** The last refresh failed: why, and since when (server time). */
  error: { message: string; since: number } | null;
  /** Server time of the last successful refresh. */
  lastOkAt: number | null;
  overlay: Overlay;
  message: { tone: Tone; text: string } | null;
  /** Interactive: key hints and prompts. False for the single frame printed to a pipe. */
  live: boolean;
}

function TitleBar(props: ScreenProps) {
  const { data, view, now, columns, error, refreshSeconds, live, baseUrl } = props;
  const where =
    view.kind === 'fleet' ? 'fleet' : view.kind === 'instance' ? `› ${view.name}` : '› unmanaged pod';
  return (
    <Box width={columns} paddingX={1} justifyContent="space-between">
      <Box flexShrink={1}>
        <Text wrap="truncate-end">
          <Text inverse bold color="cyan">
            {' podwatch '}
          </Text>
          <Text bold>{` ${where}`}</Text>
          <Text dimColor>{`  ${baseUrl}`}</Text>
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text>
          {data?.demo ? (
            <Text inverse color="magenta" bold>
              {' DEMO '}
            </Text>
          ) : null}
          {data?.demo ? ' ' : ''}
          {error ? (
            <Text color="red">● API down</Text>
          ) : data ? (
            <Text color="green">● live</Text>
          ) : (
            <Text color="yellow">● connecting</Text>
          )}
          <Text dimColor>{live ? ` · every ${refreshSeconds}s · ` : ' · '}</Text>
          <Text bold>{clock(now)}</Text>
        </Text>
      </Box>
    </Box>
  );
}

function KpiLine({ data, now }: { data: DashboardResponse; now: number }) {
  const k = data.kpis;
  const collector = data.collector;
  return (
    <Box paddingX={1}>
      <Text wrap="truncate-end">
        <Text bold>{`${k.runningPods} running`}</Text>
        <Text dimColor> · burn </Text>
        <Text bold color={k.burnRatePerHour >= 5 ? 'yellow' : 'green'}>
          {perHour(k.burnRatePerHour)}
        </Text>
        <Text dimColor>{` · ${money(k.projectedPerDay)}/day · ${money(k.projectedPerMonth, 0)}/mo`}</Text>
        {k.idleWasteToday !== null ? (
          <Text dimColor>{` · idle waste today ${money(k.idleWasteToday)}`}</Text>
        ) : null}
        <Text dimColor>{` · ${plural(k.activeAgents, 'agent')}`}</Text>
        <Text dimColor> · </Text>
        {collector.stale ? (
          <Text
            color="yellow"
            bold
          >{`collector STALE (last success ${ago(collector.lastSuccessAt, now)})`}</Text>
        ) : (
          <Text dimColor>{`collected ${ago(collector.lastSuccessAt, now)}`}</Text>
        )}
      </Text>
    </Box>
  );
}

function Help({ readOnly }: { readOnly: boolean }) {
  const keys: [string, string][] = [
    ['↑ ↓  k j', 'move the selection (PgUp/PgDn, Home/End)'],
    ['Enter', 'open the selected instance or pod'],
    ['Esc  ←', 'back to the fleet; clear the filter'],
    ['s', 'stop the pod (asks first; the volume is kept)'],
    ['t', 'terminate the pod (asks first; pod and volume deleted)'],
    ['x', 'extend: push the prune time later by a duration'],
    ['/', 'filter by name, pod id, status, state or GPU'],
    ['r', 'refresh now'],
    ['?', 'this help'],
    ['q  Ctrl-C', 'quit'],
  ];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginX={1}>
      <Text bold>Keys</Text>
      {keys.map(([key, what]) => (
        <Text key={key}>
          <Text bold color="cyan">
            {key.padEnd(12)}
          </Text>
          {what}
        </Text>
      ))}
      <Text dimColor>
        {readOnly
          ? 'Read-only (--read-only): s, t and x are disabled.'
          : 'Countdowns tick every second; data refreshes at the --refresh interval.'}
      </Text>
      <Text dimColor>Press any key to close.</Text>
    </Box>
  );
}

function Prompt({ overlay }: { overlay: Overlay }) {
  switch (overlay.kind) {
    case 'confirm':
      return (
        <Box
          flexDirection="column"
          borderStyle="round"
          borderColor={overlay.danger ? 'red' : 'yellow'}
          paddingX={1}
          marginX={1}
        >
          <Text bold color={overlay.danger ? 'red' : 'yellow'}>
            {overlay.title}
          </Text>
          {overlay.question.split('\n').map((line, index) => (
            <Text key={index}>{line}</Text>
          ))}
          <Text>
            <Text bold color="cyan">
              y
            </Text>
            <Text> confirm</Text>
            <Text dimColor> · </Text>
            <Text bold color="cyan">
              n
            </Text>
            <Text>/</Text>
            <Text bold color="cyan">
              Esc
            </Text>
            <Text> cancel</Text>
          </Text>
        </Box>
      );
    case 'extend':
      return (
        <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} marginX={1}>
          <Text>
            <Text bold>{`Extend ${overlay.instance} by: `}</Text>
            <Text inverse>{overlay.text || ' '}</Text>
            <Text dimColor>{'   e.g. 30m, 2h, 90s · Enter continue · Esc cancel'}</Text>
          </Text>
          {overlay.error ? <Text color="red">{overlay.error}</Text> : null}
        </Box>
      );
    case 'busy':
      return (
        <Box paddingX={1}>
          <Text color="cyan">{`⠿ ${overlay.label}`}</Text>
        </Box>
      );
    case 'none':
    case 'help':
      return null;
  }
}

function promptHeight(overlay: Overlay): number {
  switch (overlay.kind) {
    case 'confirm':
      return overlay.question.split('\n').length + 4;
    case 'extend':
      return overlay.error ? 4 : 3;
    case 'busy':
      return 1;
    case 'none':
    case 'help':
      return 0;
  }
}

function hintsFor(props: ScreenProps): KeyHint[] {
  const { view, readOnly, filterEditing } = props;
  if (filterEditing) {
    return [
      { key: 'type', label: 'to filter' },
      { key: 'Enter', label: 'keep' },
      { key: 'Esc', label: 'clear' },
    ];
  }
  const actions: KeyHint[] = [
    { key: 's', label: 'stop', disabled: readOnly },
    { key: 't', label: 'terminate', disabled: readOnly },
    { key: 'x', label: 'extend', disabled: readOnly },
  ];
  const common: KeyHint[] = [
    { key: 'r', label: 'refresh' },
    { key: '?', label: 'help' },
    { key: 'q', label: 'quit' },
  ];
  if (view.kind === 'fleet') {
    return [
      { key: '↑↓', label: 'select' },
      { key: '⏎', label: 'detail' },
      ...actions,
      { key: '/', label: 'filter' },
      ...common,
    ];
  }
  return [
    { key: 'Esc', label: 'fleet' },
    ...(view.kind === 'pod' ? actions.slice(0, 2) : actions),
    ...common,
  ];
}

/** Why there is nothing to show yet, or the body for the current view. */
function Body(props: ScreenProps & { bodyHeight: number }) {
  const { data, view, now, columns, bodyHeight: height, detail, error } = props;
  if (props.overlay.kind === 'help') return <Help readOnly={props.readOnly} />;
  if (!data) {
    return (
      <Box paddingX={1}>
        <Text dimColor>{error ? 'No data yet: the API has not answered.' : 'Loading…'}</Text>
      </Box>
    );
  }
  if (view.kind === 'instance') {
    const snapshot = data.instances.find((i) => i.instance === view.name);
    if (!snapshot) {
      return (
        <Box paddingX={1}>
          <Text color="red">{`No instance named "${view.name}" in the dashboard.`}</Text>
        </Box>
      );
    }
    return (
      <InstanceBody
        snapshot={snapshot}
        detail={detail?.instance === view.name ? detail : null}
        now={now}
        columns={columns}
        height={height}
      />
    );
  }
  if (view.kind === 'pod') {
    const pod = data.unmanagedPods.find((p) => p.id === view.id);
    if (!pod) {
      return (
        <Box paddingX={1}>
          <Text color="yellow">{`Pod ${view.id} is no longer listed.`}</Text>
        </Box>
      );
    }
    return <PodBody pod={pod} now={now} />;
  }
  return (
    <FleetBody
      data={data}
      rows={props.rows}
      selectedKey={props.selectedKey}
      now={now}
      columns={columns}
      height={height}
    />
  );
}

export function DashboardScreen(props: ScreenProps) {
  const { data, now, error, lastOkAt, overlay, message, live, view, filter, filterEditing, columns } = props;
  const banners: { tone: Tone; text: string }[] = [];
  if (error) {
    banners.push({ tone: 'red', text: `✖ ${error.message}` });
    banners.push({
      tone: 'yellow',
      text: `${data && lastOkAt !== null ? `Showing data from ${clock(lastOkAt)} (${span((now - lastOkAt) / 1000)} old)` : 'No data yet'}; retrying every ${props.refreshSeconds}s.`,
    });
  }
  const showFilter = view.kind === 'fleet' && (filterEditing || filter !== '');
  const chrome =
    1 /* title */ +
    (data && view.kind === 'fleet' ? 1 : 0) +
    banners.length +
    (showFilter ? 1 : 0) +
    (live ? 2 /* message + hints */ : 0) +
    promptHeight(overlay) +
    1; /* spare line: keeps Ink's output below the terminal height */
  const bodyHeight = Math.max(3, props.height - chrome);
  return (
    <Box flexDirection="column" width={columns} {...(live ? { height: props.height - 1 } : {})}>
      <TitleBar {...props} />
      {data && view.kind === 'fleet' ? <KpiLine data={data} now={now} /> : null}
      {banners.map((b) => (
        <Banner key={b.text} tone={b.tone}>
          {b.text}
        </Banner>
      ))}
      {showFilter ? (
        <Box paddingX={1}>
          <Text>
            <Text bold color="cyan">
              /
            </Text>
            <Text inverse={filterEditing}>{filter || ' '}</Text>
            <Text dimColor>{`  ${plural(props.rows.length, 'match', 'matches')}`}</Text>
          </Text>
        </Box>
      ) : null}
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        <Body {...props} bodyHeight={bodyHeight} />
      </Box>
      <Prompt overlay={overlay} />
      {live ? (
        <>
          <Box paddingX={1}>
            <Text color={inkColor(message?.tone)} wrap="truncate-end">
              {message?.text ?? ' '}
            </Text>
          </Box>
          <KeyHints hints={hintsFor(props)} />
        </>
      ) : null}
    </Box>
  );
}
