/**
 * The only place that touches ECharts: tree-shaken registration (done once, when this module is
 * first imported — only by chart components, which live in lazily loaded routes), plus init,
 * option updates, resize on container changes, light/dark themes and dispose.
 */
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { connect, type EChartsCoreOption, type EChartsType, init, registerTheme, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onBeforeUnmount, onMounted, type Ref, shallowRef, watch } from 'vue';
import { type ColorScheme, useColorScheme } from './use-color-scheme';

use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  DataZoomComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

interface Palette {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  tooltipBg: string;
  tooltipBorder: string;
  series: string[];
}

export const PALETTES: Record<ColorScheme, Palette> = {
  light: {
    text: '#1f2430',
    muted: '#697386',
    grid: '#eceef2',
    axis: '#d5d9e0',
    tooltipBg: '#ffffff',
    tooltipBorder: '#e2e5eb',
    series: ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#a855f7', '#14b8a6', '#f97316'],
  },
  dark: {
    text: '#e6e9ef',
    muted: '#8d97a8',
    grid: '#232a36',
    axis: '#323b4a',
    tooltipBg: '#1b212c',
    tooltipBorder: '#2f3847',
    series: ['#8b8cff', '#38bdf8', '#34d399', '#fbbf24', '#f87171', '#c084fc', '#2dd4bf', '#fb923c'],
  },
};

function themeOf(p: Palette): object {
  const axis = {
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted },
    splitLine: { lineStyle: { color: p.grid } },
  };
  return {
    color: p.series,
    backgroundColor: 'transparent',
    textStyle: { color: p.text, fontFamily: 'inherit' },
    timeAxis: axis,
    valueAxis: axis,
    categoryAxis: axis,
    legend: { textStyle: { color: p.muted } },
    tooltip: {
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      textStyle: { color: p.text },
      axisPointer: { lineStyle: { color: p.muted }, crossStyle: { color: p.muted } },
    },
    dataZoom: {
      borderColor: p.axis,
      textStyle: { color: p.muted },
      fillerColor: 'rgba(99, 102, 241, 0.12)',
      handleStyle: { color: p.tooltipBg, borderColor: p.muted },
      dataBackground: { lineStyle: { color: p.axis }, areaStyle: { color: p.grid } },
    },
  };
}

registerTheme('podwatch-light', themeOf(PALETTES.light));
registerTheme('podwatch-dark', themeOf(PALETTES.dark));

export interface ChartOptions {
  /** Charts in one group share their tooltip and zoom (echarts.connect). */
  group?: string;
  /** When this changes (a new time range), the next option replaces everything, zoom included. */
  resetKey?: Ref<unknown>;
}

export function useEcharts(
  container: Ref<HTMLElement | null>,
  option: Ref<EChartsCoreOption | null>,
  options: ChartOptions = {},
) {
  const scheme = useColorScheme();
  const chart = shallowRef<EChartsType | null>(null);
  let observer: ResizeObserver | null = null;

  function render(): void {
    const el = container.value;
    if (!el) return;
    chart.value?.dispose();
    const instance = init(el, `podwatch-${scheme.value}`, { renderer: 'canvas' });
    if (options.group) {
      instance.group = options.group;
      connect(options.group);
    }
    if (option.value) instance.setOption(option.value);
    chart.value = instance;
  }

  onMounted(() => {
    render();
    if (container.value && typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart.value?.resize());
      observer.observe(container.value);
    }
  });

  // New data replaces the series (the number of GPUs may change) but keeps the zoom the user chose;
  // a new range starts afresh.
  let appliedKey = options.resetKey?.value;
  watch(option, (next) => {
    if (!next || !chart.value) return;
    const key = options.resetKey?.value;
    if (key !== appliedKey) chart.value.setOption(next, { notMerge: true });
    else chart.value.setOption(next, { replaceMerge: ['series'] });
    appliedKey = key;
  });
  watch(scheme, render);

  onBeforeUnmount(() => {
    observer?.disconnect();
    chart.value?.dispose();
    chart.value = null;
  });

  return { chart, scheme };
}
