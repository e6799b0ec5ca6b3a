import { describe, expect, it } from 'vitest';
import { NOW, series } from '@/test-support/fixtures';
import { axisTimeLabel, chartOption, gpuCount, pointCount, telemetryCharts } from './telemetry-charts';

describe('telemetry charts', () => {
  it('builds the five charts, with one series per GPU', () => {
    const charts = telemetryCharts(series(10, 8), 20);
    expect(charts.map((c) => c.id)).toEqual(['cpu-memory', 'gpu-util', 'gpu-memory', 'temperature', 'power']);
    const gpu = charts.find((c) => c.id === 'gpu-util')!;
    expect(gpu.title).toBe('GPU utilisation (8 GPUs)');
    expect(gpu.series.map((s) => s.name)).toEqual(Array.from({ length: 8 }, (_, i) => `GPU ${i}`));
    expect(gpu.threshold).toEqual({ value: 20, label: 'activity 20%' });
  });

  it('keeps gaps as gaps, not zeros', () => {
    const data = series(3);
    data.points[1]!.cpuPercent = null;
    const cpu = telemetryCharts(data, 10)[0]!.series[0]!;
    expect(cpu.data.map(([, v]) => v)).toEqual([40, null, 42]);
    expect(pointCount(telemetryCharts(data, 10)[0]!)).toBe(5);
  });

  it('counts GPUs from the widest row', () => {
    const data = series(2, 1);
    data.points[1]!.gpuUtil = [1, 2, 3];
    expect(gpuCount(data.points)).toBe(3);
  });

  it('shows the points of sparse data, pins percentages to 0–100 and draws the threshold', () => {
    const spec = telemetryCharts(series(5), 10)[1]!;
    const option = chartOption(spec, { from: NOW - 3_600_000, to: NOW }) as {
      yAxis: { max: number; interval: number };
      series: { showSymbol: boolean; markLine?: { data: { yAxis: number }[] } }[];
      dataZoom: { type: string }[];
      tooltip: { trigger: string };
    };
    expect(option.yAxis).toMatchObject({ max: 100, interval: 25 });
    expect(option.series[0]!.showSymbol).toBe(true);
    expect(option.series[0]!.markLine?.data).toEqual([{ yAxis: 10 }]);
    expect(option.dataZoom.map((z) => z.type)).toEqual(['inside', 'slider']);
    expect(option.tooltip.trigger).toBe('axis');
  });

  it('labels the time axis with hours within two days and dates beyond', () => {
    const at = Date.parse('2026-11-22T14:30:00');
    expect(axisTimeLabel(at, { from: at - 3_600_000, to: at })).toBe('14:30');
    expect(axisTimeLabel(at, { from: at - 7 * 86_400_000, to: at })).toBe('22 Nov');
  });
});
