/** The daily spend chart's option, from the costs API's `daily` rows. Pure, like the telemetry charts. */
import type { DailyCost } from '@podwatch/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { formatMoney } from '@/format/money';

/** `2026-11-22` → `22 Nov` (the day is UTC, and so is the label). */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

export function dailySpendOption(daily: readonly DailyCost[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 12, top: 34, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? formatMoney(value) : '—'),
    },
    xAxis: { type: 'category', data: daily.map((d) => dayLabel(d.day)), axisTick: { alignWithLabel: true } },
    yAxis: {
      type: 'value',
      min: 0,
      splitNumber: 4,
      axisLabel: { formatter: (value: number) => `$${value.toLocaleString('en-US')}` },
    },
    series: [
      {
        type: 'bar',
        name: 'Spend',
        data: daily.map((d) => d.spend.amount),
        barMaxWidth: 36,
        itemStyle: { borderRadius: [4, 4, 0, 0] },
      },
      {
        type: 'bar',
        name: 'Idle waste',
        data: daily.map((d) => d.idleWaste),
        barMaxWidth: 36,
        itemStyle: { borderRadius: [4, 4, 0, 0], color: '#f59e0b' },
      },
    ],
  };
}
