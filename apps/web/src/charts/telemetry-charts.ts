/**
 * Pure builders from a telemetry series to the dashboard's charts: which charts, which series,
 * and the ECharts option of each. Kept free of ECharts imports so that they are cheap to test.
 */
import type { TelemetryPoint, TelemetrySeries } from '@podwatch/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { formatDateTime } from '@/format/time';

export type ChartId = 'cpu-memory' | 'gpu-util' | 'gpu-memory' | 'temperature' | 'power';

export type Sample = [time: number, value: number | null];

export interface ChartSeries {
  name: string;
  data: Sample[];
}

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** Appended to values in the axis and the tooltip. */
  unit: string;
  /** Fixed axis maximum (percentages); otherwise the data decides. */
  max?: number;
  series: ChartSeries[];
  /** A dashed reference line, e.g. the GPU activity threshold. */
  threshold?: { value: number; label: string };
}

function column(points: TelemetryPoint[], pick: (point: TelemetryPoint) => number | null): Sample[] {
  return points.map((point) => [Date.parse(point.time), pick(point)]);
}

/** How many GPUs the series has: the widest per-GPU row seen in it. */
export function gpuCount(points: TelemetryPoint[]): number {
  return points.reduce((most, point) => Math.max(most, point.gpuUtil.length), 0);
}

export function telemetryCharts(series: TelemetrySeries, gpuUtilThreshold: number): ChartSpec[] {
  const { points } = series;
  const gpus = gpuCount(points);
  const perGpu: ChartSeries[] = Array.from({ length: gpus }, (_, index) => ({
    name: `GPU ${index}`,
    data: column(points, (point) => point.gpuUtil[index] ?? null),
  }));
  return [
    {
      id: 'cpu-memory',
      title: 'CPU and memory',
      unit: '%',
      max: 100,
      series: [
        { name: 'CPU', data: column(points, (p) => p.cpuPercent) },
        { name: 'Memory', data: column(points, (p) => p.memoryPercent) },
      ],
    },
    {
      id: 'gpu-util',
      title: gpus > 1 ? `GPU utilisation (${gpus} GPUs)` : 'GPU utilisation',
      unit: '%',
      max: 100,
      series: perGpu.length ? perGpu : [{ name: 'GPU', data: column(points, (p) => p.gpuUtilMax) }],
      threshold: { value: gpuUtilThreshold, label: `activity ${gpuUtilThreshold}%` },
    },
    {
      id: 'gpu-memory',
      title: 'GPU memory',
      unit: '%',
      max: 100,
      series: [{ name: 'GPU memory', data: column(points, (p) => p.gpuMemPercent) }],
    },
    {
      id: 'temperature',
      title: 'Temperature (hottest GPU)',
      unit: '°C',
      series: [{ name: 'Temperature', data: column(points, (p) => p.temperatureC) }],
    },
    {
      id: 'power',
      title: 'Power (all GPUs)',
      unit: 'W',
      series: [{ name: 'Power', data: column(points, (p) => p.powerWatts) }],
    },
  ];
}

/** Samples that carry a value: what the chart actually draws. */
export function pointCount(spec: ChartSpec): number {
  return spec.series.reduce((sum, s) => sum + s.data.filter(([, value]) => value !== null).length, 0);
}

function formatValue(value: unknown, unit: string, digits = unit === 'W' ? 1 : 0): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const places = value >= 100 ? 0 : digits;
  return `${value.toFixed(places)}${unit === '%' ? '%' : ` ${unit}`}`;
}

export interface ChartRange {
  from: number;
  to: number;
}

/** Axis labels as precise as the range needs: `14:30` within two days, `22 Nov` beyond. */
export function axisTimeLabel(value: number, range: ChartRange): string {
  const date = new Date(value);
  if (range.to - range.from <= 2 * 86_400_000) {
    return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

export function chartOption(spec: ChartSpec, range: ChartRange): EChartsCoreOption {
  // Sparse data (a fresh instance, a long bucket) shows its points; dense data a clean line.
  const densest = Math.max(0, ...spec.series.map((s) => s.data.length));
  const multi = spec.series.length > 1;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: multi ? 34 : 14, bottom: 44, containLabel: true },
    legend: multi
      ? { top: 0, left: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10, type: 'scroll' }
      : undefined,
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (value: unknown) => formatValue(value, spec.unit),
      axisPointer: { type: 'line' },
    },
    xAxis: {
      type: 'time',
      min: range.from,
      max: range.to,
      axisLabel: {
        hideOverlap: true,
        formatter: (value: number) => axisTimeLabel(value, range),
      },
      axisPointer: { label: { formatter: ({ value }: { value: number }) => formatDateTime(value) } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: spec.max,
      // Percentages read best in quarters; other units pick their own steps.
      interval: spec.max === 100 ? 25 : undefined,
      splitNumber: 4,
      axisLabel: {
        formatter: (value: number) => formatValue(value, spec.unit, Number.isInteger(value) ? 0 : 1),
      },
    },
    dataZoom: [
      { type: 'inside', filterMode: 'none' },
      { type: 'slider', filterMode: 'none', height: 16, bottom: 6, showDetail: false, brushSelect: false },
    ],
    series: spec.series.map((s, index) => ({
      type: 'line',
      name: s.name,
      data: s.data,
      showSymbol: densest <= 40,
      symbolSize: 5,
      connectNulls: false,
      sampling: 'lttb',
      lineStyle: { width: 1.6 },
      areaStyle: spec.series.length === 1 ? { opacity: 0.12 } : undefined,
      emphasis: { focus: 'series' },
      markLine:
        index === 0 && spec.threshold
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', width: 1 },
              label: { formatter: spec.threshold.label, position: 'insideEndTop' },
              data: [{ yAxis: spec.threshold.value }],
            }
          : undefined,
    })),
  };
}
