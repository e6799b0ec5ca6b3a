/**
 * `podwatch dashboard`: the live Ink app on a terminal (alternate screen, like k9s and nvitop), or
 * exactly one plain frame when stdout is a pipe or a file.
 */
import { render, renderToString } from 'ink';
import { type ApiClient, CliError, EXIT } from '../api-client.js';
import { serverTimeOf } from '../format.js';
import { terminalColumns } from '../terminal.js';
import { DashboardApp, type InitialData, unknownInstance } from './app.js';
import { type Detail, fleetRows, telemetryLayout } from './model.js';
import { DashboardScreen } from './screen.js';
import { apiDashboardSource, type DashboardApi, detailRequests } from './source.js';

export interface DashboardOptions {
  instance?: string;
  refreshSeconds: number;
  readOnly: boolean;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

async function loadDetail(
  api: DashboardApi,
  instance: string,
  serverNow: number,
  columns: number,
): Promise<Detail> {
  const [series, timeline] = await Promise.all(
    detailRequests(api, instance, serverNow, telemetryLayout(columns).spark),
  );
  return { instance, series, timeline };
}

/** The frame printed when stdout is not a terminal: everything, no prompts, no key hints. */
export async function printFrame(
  api: DashboardApi,
  options: DashboardOptions,
  out: NodeJS.WriteStream,
): Promise<void> {
  const answer = await api.dashboard(null);
  if (!answer.changed) throw new CliError('The API answered 304 to an unconditional request.', EXIT.failure);
  const data = answer.body;
  const unknown = unknownInstance(options.instance, data);
  if (unknown) throw unknown;
  const now = serverTimeOf(data);
  const columns = terminalColumns(out);
  const detail = options.instance ? await loadDetail(api, options.instance, now, columns) : null;
  const frame = renderToString(
    <DashboardScreen
      data={data}
      baseUrl={api.baseUrl}
      view={options.instance ? { kind: 'instance', name: options.instance } : { kind: 'fleet' }}
      rows={fleetRows(data)}
      selectedKey={null}
      filter=""
      filterEditing={false}
      detail={detail}
      now={now}
      columns={columns}
      height={10_000}
      refreshSeconds={options.refreshSeconds}
      readOnly={options.readOnly}
      error={null}
      lastOkAt={now}
      overlay={{ kind: 'none' }}
      message={null}
      live={false}
    />,
    { columns },
  );
  out.write(`${frame.replace(/[ \t]+$/gm, '')}\n`);
}

export async function runDashboard(client: ApiClient, options: DashboardOptions): Promise<void> {
  const api = apiDashboardSource(client);
  const stdout = process.stdout;
  if (!stdout.isTTY) return printFrame(api, options, stdout);

  // Fail fast on a bad token or an unknown instance; an unreachable API is a state the live
  // dashboard shows (and recovers from), not a reason to quit.
  let initial: InitialData | undefined;
  try {
    const answer = await api.dashboard(null);
    if (answer.changed) initial = { data: answer.body, etag: answer.etag, receivedAt: Date.now() };
  } catch (error) {
    if (!(error instanceof CliError && error.exitCode === EXIT.apiUnreachable)) throw error;
  }
  const unknown = initial && unknownInstance(options.instance, initial.data);
  if (unknown) throw unknown;

  stdout.write(ENTER_ALT_SCREEN);
  const app = render(
    <DashboardApp
      api={api}
      {...(options.instance ? { instance: options.instance } : {})}
      refreshSeconds={options.refreshSeconds}
      readOnly={options.readOnly}
      {...(initial ? { initial } : {})}
    />,
    { exitOnCtrlC: true, patchConsole: true, maxFps: 20 },
  );
  // A terminal re-wraps the old frame when it is resized, which Ink's line-by-line erase cannot
  // undo: wipe the (alternate) screen before Ink draws the frame for the new size.
  const wipe = () => stdout.write('\u001b[2J\u001b[3J\u001b[H');
  stdout.prependListener('resize', wipe);
  // Without raw mode (stdin is not a terminal) Ctrl-C arrives as a signal.
  const stop = () => app.unmount();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    stdout.off('resize', wipe);
    stdout.write(LEAVE_ALT_SCREEN);
  }
}
