/**
 * The live dashboard: refreshes from the API every `refreshSeconds` (a 304 costs nothing), ticks
 * countdowns every second in server time, and handles keys, prompts and actions.
 */
import {
  type DashboardResponse,
  extendedKillAt,
  formatCountdown,
  formatDuration,
  parseDuration,
  timeUntilKill,
} from '@podwatch/shared';
import { Box, useApp, useInput, useStdin, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { planInstanceAction, planPodAction } from '../action-text.js';
import { CliError, EXIT } from '../api-client.js';
import { clock, perHour, type Tone } from '../format.js';
import {
  clockOffset,
  type Detail,
  type FleetRow,
  fleetRows,
  matchesFilter,
  telemetryLayout,
  type View,
} from './model.js';
import { DashboardScreen, type Overlay } from './screen.js';
import { type DashboardApi, detailRequests } from './source.js';

export interface InitialData {
  data: DashboardResponse;
  etag: string | null;
  /** Local time (ms) when it arrived. */
  receivedAt: number;
}

export interface DashboardAppProps {
  api: DashboardApi;
  /** Open this instance's detail first. */
  instance?: string;
  refreshSeconds: number;
  readOnly: boolean;
  initial?: InitialData;
  /** Local clock; tests pass their own. */
  now?: () => number;
}

/** What the keys change. Kept in a ref so that keys typed faster than a render see each other. */
interface UiState {
  view: View;
  selectedKey: string | null;
  filter: string;
  filterEditing: boolean;
  overlay: Overlay;
  message: { tone: Tone; text: string } | null;
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = useCallback(
    () => ({ columns: stdout.columns > 0 ? stdout.columns : 100, rows: stdout.rows > 0 ? stdout.rows : 40 }),
    [stdout],
  );
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, read]);
  return size;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CANCELLED = { tone: 'gray', text: 'Cancelled; nothing was changed.' } as const;

/** The error for an instance the dashboard was asked to open that the API does not know; else null. */
export function unknownInstance(name: string | undefined, data: DashboardResponse): CliError | null {
  if (name === undefined || data.instances.some((i) => i.instance === name)) return null;
  const known = data.instances.map((i) => i.instance).join(', ') || 'none';
  return new CliError(`No instance named "${name}". Instances: ${known}.`, EXIT.notFound);
}

export function DashboardApp(props: DashboardAppProps) {
  const { api, refreshSeconds, readOnly } = props;
  const localNow = props.now ?? Date.now;
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize();

  const [data, setData] = useState<DashboardResponse | null>(props.initial?.data ?? null);
  const dataRef = useRef(data);
  dataRef.current = data;
  const etag = useRef<string | null>(props.initial?.etag ?? null);
  const offset = useRef(
    props.initial ? clockOffset(props.initial.data.generatedAt, props.initial.receivedAt) : 0,
  );
  const [local, setLocal] = useState(localNow);
  const now = local + offset.current;
  const serverNow = useCallback(() => localNow() + offset.current, [localNow]);
  const [error, setError] = useState<{ message: string; since: number } | null>(null);
  const [lastOkAt, setLastOkAt] = useState<number | null>(props.initial ? now : null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [detailVersion, setDetailVersion] = useState(0);

  const ui = useRef<UiState>({
    view: props.instance ? { kind: 'instance', name: props.instance } : { kind: 'fleet' },
    selectedKey: props.instance ? `instance:${props.instance}` : null,
    filter: '',
    filterEditing: false,
    overlay: { kind: 'none' },
    message: null,
  });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const setUi = useCallback((patch: Partial<UiState>) => {
    ui.current = { ...ui.current, ...patch };
    rerender();
  }, []);

  const pending = useRef<{ label: string; run: () => Promise<string> } | null>(null);
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const refresh = useCallback(
    async (force: boolean) => {
      if (inFlight.current) return;
      inFlight.current = true;
      try {
        const answer = await api.dashboard(force ? null : etag.current);
        if (!mounted.current) return;
        const receivedAt = localNow();
        if (answer.changed) {
          offset.current = clockOffset(answer.body.generatedAt, receivedAt);
          etag.current = answer.etag;
          setData(answer.body);
        }
        // New data, or a refresh asked for: load the detail screen's history again too.
        if (answer.changed || force) setDetailVersion((v) => v + 1);
        setError(null);
        setLastOkAt(receivedAt + offset.current);
      } catch (caught) {
        if (!mounted.current) return;
        if (caught instanceof CliError && caught.exitCode === EXIT.unauthorized) return exit(caught);
        const text = errorText(caught);
        setError((previous) => ({ message: text, since: previous?.since ?? serverNow() }));
      } finally {
        inFlight.current = false;
      }
    },
    [api, exit, localNow, serverNow],
  );

  // Refresh on a fixed period; the first one at once unless the caller already fetched.
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const fetchedFirst = props.initial !== undefined;
  useEffect(() => {
    if (!fetchedFirst) void refreshRef.current(false);
    const timer = setInterval(() => void refreshRef.current(false), refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [refreshSeconds, fetchedFirst]);

  // Tick on each whole second of server time, so hh:mm:ss never skips or repeats a second.
  useEffect(() => {
    let timer: NodeJS.Timeout;
    const schedule = () => {
      timer = setTimeout(
        () => {
          setLocal(localNow());
          schedule();
        },
        1000 - (serverNow() % 1000) + 5,
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, [localNow, serverNow]);

  // The instance the dashboard was started for must exist.
  useEffect(() => {
    const unknown = data && unknownInstance(props.instance, data);
    if (unknown) exit(unknown);
  }, [data, props.instance, exit]);

  // Detail: telemetry history (one bucket per sparkline cell) and recent events of the instance on screen.
  const view = ui.current.view;
  const detailName = view.kind === 'instance' ? view.name : null;
  const points = telemetryLayout(size.columns).spark;
  useEffect(() => {
    if (!detailName) return;
    let cancelled = false;
    const [seriesRequest, timelineRequest] = detailRequests(api, detailName, serverNow(), points);
    void Promise.all([seriesRequest.catch(() => null), timelineRequest.catch(() => null)]).then(
      ([series, timeline]) => {
        if (cancelled || !mounted.current) return;
        // A request that failed keeps what the screen showed for this instance.
        setDetail((previous) => {
          const same = previous?.instance === detailName ? previous : null;
          return {
            instance: detailName,
            series: series ?? same?.series ?? null,
            timeline: timeline ?? same?.timeline ?? null,
          };
        });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, detailName, detailVersion, points, serverNow]);

  /** Fleet rows after the filter, from the latest data and UI state. */
  const visibleRows = (): FleetRow[] => {
    const current = dataRef.current;
    return current ? fleetRows(current).filter((row) => matchesFilter(row, ui.current.filter)) : [];
  };
  const selectedRow = (rows: FleetRow[]): FleetRow | undefined =>
    rows.find((row) => row.key === ui.current.selectedKey) ?? rows[0];

  const move = (delta: number) => {
    const rows = visibleRows();
    if (rows.length === 0) return;
    const index = Math.max(
      0,
      rows.findIndex((row) => row.key === ui.current.selectedKey),
    );
    const next = rows[Math.min(rows.length - 1, Math.max(0, index + delta))];
    setUi({ selectedKey: next?.key ?? null });
  };

  type Target =
    | { kind: 'instance'; snapshot: DashboardResponse['instances'][number] }
    | { kind: 'pod'; pod: DashboardResponse['unmanagedPods'][number] };

  const targetOf = (): Target | null => {
    const current = dataRef.current;
    if (!current) return null;
    const v = ui.current.view;
    if (v.kind === 'instance') {
      const snapshot = current.instances.find((i) => i.instance === v.name);
      return snapshot ? { kind: 'instance', snapshot } : null;
    }
    if (v.kind === 'pod') {
      const pod = current.unmanagedPods.find((p) => p.id === v.id);
      return pod ? { kind: 'pod', pod } : null;
    }
    const row = selectedRow(visibleRows());
    if (!row) return null;
    return row.kind === 'instance'
      ? { kind: 'instance', snapshot: row.snapshot }
      : { kind: 'pod', pod: row.pod };
  };

  const ask = (
    title: string,
    question: string,
    danger: boolean,
    label: string,
    run: () => Promise<string>,
  ) => {
    pending.current = { label, run };
    setUi({ overlay: { kind: 'confirm', title, question, danger } });
  };

  const runPending = () => {
    const action = pending.current;
    pending.current = null;
    if (!action) return setUi({ overlay: { kind: 'none' } });
    setUi({ overlay: { kind: 'busy', label: action.label } });
    action.run().then(
      (text) => {
        if (!mounted.current) return;
        setUi({ overlay: { kind: 'none' }, message: { tone: 'green', text } });
        void refreshRef.current(true);
      },
      (caught: unknown) => {
        if (!mounted.current) return;
        setUi({ overlay: { kind: 'none' }, message: { tone: 'red', text: `✖ ${errorText(caught)}` } });
        void refreshRef.current(true);
      },
    );
  };

  const lifecycle = (action: 'stop' | 'terminate') => {
    const target = targetOf();
    if (!target) return;
    const verb = action === 'stop' ? 'Stop' : 'Terminate';
    const doing = action === 'stop' ? 'Stopping' : 'Terminating';
    // `act` sends the action and says what the pod is now (appended to "Stop sent for <name>").
    const { name, plan, act } =
      target.kind === 'pod'
        ? {
            name: target.pod.name,
            plan: planPodAction(target.pod, action),
            act: async () => {
              const { id } = target.pod;
              const after = await api.podAction(id, action);
              return ` (${id}): now ${after.status}, ${perHour(after.costPerHr)}`;
            },
          }
        : {
            name: target.snapshot.instance,
            plan: planInstanceAction(target.snapshot, action),
            act: async () => {
              const { pod } = await api.instanceAction(target.snapshot.instance, action);
              return pod ? ` (pod ${pod.id}): now ${pod.status}, ${perHour(pod.costPerHr)}` : '';
            },
          };
    if (plan.kind !== 'confirm') {
      return setUi({ message: { tone: 'yellow', text: plan.kind === 'noop' ? plan.message : plan.note } });
    }
    return ask(
      `${verb} ${name}?`,
      plan.question,
      action === 'terminate',
      `${doing} ${name}…`,
      async () => `${verb} sent for ${name}${await act()}.`,
    );
  };

  const startExtend = () => {
    const target = targetOf();
    if (!target) return;
    if (target.kind === 'pod') {
      return setUi({
        message: { tone: 'yellow', text: `${target.pod.name} is unmanaged: it has no countdown to extend.` },
      });
    }
    setUi({ overlay: { kind: 'extend', instance: target.snapshot.instance, text: '30m', error: null } });
  };

  const confirmExtend = (instance: string, text: string) => {
    const seconds = parseDuration(text);
    if (seconds === null) {
      return setUi({
        overlay: {
          kind: 'extend',
          instance,
          text,
          error: `"${text}" is not a duration: use e.g. 90s, 30m, 2h or 1h30m.`,
        },
      });
    }
    const at = serverNow();
    const snapshot = dataRef.current?.instances.find((i) => i.instance === instance);
    const newKill = extendedKillAt(snapshot?.killAt, seconds, at).getTime();
    ask(
      `Extend ${instance} by ${formatDuration(seconds)}?`,
      `The prune time moves from ${snapshot?.killAt ? clock(snapshot.killAt) : 'now'} to ${clock(newKill)} (time until prune ${formatCountdown(timeUntilKill(snapshot?.killAt, at) ?? 0)} → ${formatCountdown(timeUntilKill(newKill, at))}).\nThe extension is audited.`,
      false,
      `Extending ${instance}…`,
      async () => {
        const after = await api.extend(instance, text.trim());
        return `Extended ${instance} by ${formatDuration(seconds)}: prunes at ${clock(after.killAt)}.`;
      },
    );
  };

  useInput(
    (input, key) => {
      const state = ui.current;
      const overlay = state.overlay;
      if (overlay.kind === 'busy') return;
      if (overlay.kind === 'help') return setUi({ overlay: { kind: 'none' } });
      if (overlay.kind === 'confirm') {
        if (input === 'y' || input === 'Y') return runPending();
        if (input === 'n' || input === 'N' || input === 'q' || key.escape) {
          pending.current = null;
          return setUi({ overlay: { kind: 'none' }, message: CANCELLED });
        }
        return;
      }
      if (overlay.kind === 'extend') {
        if (key.escape) return setUi({ overlay: { kind: 'none' }, message: CANCELLED });
        if (key.return) return confirmExtend(overlay.instance, overlay.text);
        if (key.backspace || key.delete) {
          return setUi({ overlay: { ...overlay, text: overlay.text.slice(0, -1), error: null } });
        }
        if (input && !key.ctrl && !key.meta && /^[0-9a-z.]+$/i.test(input)) {
          return setUi({ overlay: { ...overlay, text: overlay.text + input, error: null } });
        }
        return;
      }
      if (state.filterEditing) {
        if (key.escape) return setUi({ filter: '', filterEditing: false });
        if (key.return) return setUi({ filterEditing: false });
        if (key.upArrow) return move(-1);
        if (key.downArrow) return move(1);
        if (key.backspace || key.delete) return setUi({ filter: state.filter.slice(0, -1) });
        if (input && !key.ctrl && !key.meta) return setUi({ filter: state.filter + input });
        return;
      }
      if (input === 'q') return exit();
      if (input === '?') return setUi({ overlay: { kind: 'help' } });
      if (input === 'r') {
        setUi({ message: { tone: 'gray', text: `Refreshed at ${clock(serverNow())}.` } });
        return void refreshRef.current(true);
      }
      if (input === 's' || input === 't' || input === 'x') {
        if (readOnly) {
          return setUi({
            message: {
              tone: 'yellow',
              text: 'Read-only (--read-only): stop, terminate and extend are disabled.',
            },
          });
        }
        if (input === 'x') return startExtend();
        return lifecycle(input === 's' ? 'stop' : 'terminate');
      }
      if (state.view.kind === 'fleet') {
        const rows = visibleRows();
        if (key.upArrow || input === 'k') return move(-1);
        if (key.downArrow || input === 'j') return move(1);
        if (key.pageUp) return move(-10);
        if (key.pageDown) return move(10);
        if (key.home || input === 'g') return move(-rows.length);
        if (key.end || input === 'G') return move(rows.length);
        if (input.startsWith('/')) {
          // Typed fast (or pasted), the filter text arrives with the slash in one chunk.
          return setUi({ filterEditing: true, filter: input.slice(1) });
        }
        if (key.escape && state.filter) return setUi({ filter: '' });
        const row = selectedRow(rows);
        if (key.return && row) {
          return setUi({
            message: null,
            selectedKey: row.key,
            view:
              row.kind === 'instance'
                ? { kind: 'instance', name: row.name }
                : { kind: 'pod', id: row.pod.id },
          });
        }
        return;
      }
      if (key.escape || key.leftArrow || key.backspace || key.delete) {
        const v = state.view;
        return setUi({
          view: { kind: 'fleet' },
          message: null,
          selectedKey: v.kind === 'instance' ? `instance:${v.name}` : `pod:${v.id}`,
        });
      }
    },
    { isActive: isRawModeSupported },
  );

  const rows = visibleRows();
  return (
    <Box>
      <DashboardScreen
        data={data}
        baseUrl={api.baseUrl}
        view={ui.current.view}
        rows={rows}
        selectedKey={selectedRow(rows)?.key ?? null}
        filter={ui.current.filter}
        filterEditing={ui.current.filterEditing}
        detail={detail}
        now={now}
        columns={size.columns}
        height={size.rows}
        refreshSeconds={refreshSeconds}
        readOnly={readOnly}
        error={error}
        lastOkAt={lastOkAt}
        overlay={ui.current.overlay}
        message={ui.current.message}
        live
      />
    </Box>
  );
}
