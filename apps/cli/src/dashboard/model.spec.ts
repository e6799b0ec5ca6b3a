import { describe, expect, it } from 'vitest';
import { dashboard, series } from '../../test/support/fixtures.js';
import { fleetLayout } from './fleet-screen.js';
import { fleetRows, matchesFilter, slotted, telemetryLayout } from './model.js';

describe('dashboard model', () => {
  it('puts instances first, then unmanaged pods', () => {
    expect(fleetRows(dashboard()).map((r) => r.key)).toEqual([
      'instance:trainer',
      'instance:notebook',
      'pod:l5k7j9h2g4f6ee',
    ]);
  });

  it('filters on name, pod id, status, state and GPU', () => {
    const rows = fleetRows(dashboard());
    expect(rows.filter((r) => matchesFilter(r, 'n2b5')).map((r) => r.name)).toEqual(['notebook']);
    expect(rows.filter((r) => matchesFilter(r, 'unmanaged')).map((r) => r.name)).toEqual(['llm-finetune']);
    expect(rows.filter((r) => matchesFilter(r, 'a100')).map((r) => r.name)).toEqual(['llm-finetune']);
  });

  it('places telemetry buckets on the time grid of the window', () => {
    const slots = slotted(series(), (p) => p.cpuPercent);
    expect(slots).toHaveLength(60);
    expect(slots.slice(0, 40).every((v) => v === null)).toBe(true);
    expect(slots.slice(40, 43)).toEqual([20, 22, 24]);
  });

  it('fits the fleet table and the telemetry rows to the terminal', () => {
    for (const columns of [80, 100, 120, 140, 200]) {
      const layout = fleetLayout(columns);
      const shown = (Object.values(layout) as number[]).filter((w) => w > 0);
      expect(4 + shown.reduce((a, b) => a + b, 0) + shown.length - 1).toBeLessThanOrEqual(columns);
    }
    expect(fleetLayout(80).last).toBe(0);
    expect(fleetLayout(140).last).toBeGreaterThan(20);
    expect(telemetryLayout(80)).toMatchObject({ note: 0 });
    expect(telemetryLayout(140).spark).toBe(60);
  });
});
