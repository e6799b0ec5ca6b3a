/** One dashboard frame rendered from canned props, for the rendering tests. */
import { renderToString } from 'ink';
import { fleetRows } from '../../src/dashboard/model.js';
import { DashboardScreen, type ScreenProps } from '../../src/dashboard/screen.js';
import { dashboard, NOW, series, timeline } from './fixtures.js';

/**
 * The live instance screen of `trainer` at NOW, with its telemetry and timeline, unless
 * `overrides` say otherwise. The fleet rows follow `data` (null: no data yet).
 */
export function renderScreen(overrides: Partial<ScreenProps> = {}, columns = 100): string {
  const data = overrides.data === undefined ? dashboard() : overrides.data;
  const props: ScreenProps = {
    data,
    baseUrl: 'http://127.0.0.1:8080',
    view: { kind: 'instance', name: 'trainer' },
    rows: data ? fleetRows(data) : [],
    selectedKey: null,
    filter: '',
    filterEditing: false,
    detail: { instance: 'trainer', series: series(), timeline: timeline() },
    now: NOW,
    columns,
    height: 40,
    refreshSeconds: 5,
    readOnly: false,
    error: null,
    lastOkAt: NOW,
    overlay: { kind: 'none' },
    message: null,
    live: true,
    ...overrides,
  };
  return renderToString(<DashboardScreen {...props} />, { columns });
}
