import { describe, expect, it } from 'vitest';
import { dailySpendOption, dayLabel } from './cost-charts';

describe('cost charts', () => {
  it('labels UTC days whatever the browser’s zone', () => {
    expect(dayLabel('2026-11-22')).toBe('22 Nov');
  });

  it('draws spend and idle waste per day, one bar each', () => {
    const option = dailySpendOption([
      { day: '2026-11-21', spend: { amount: 19.73, basis: 'actual' }, estimatedSpend: 18, idleWaste: 0 },
      { day: '2026-11-22', spend: { amount: 139.65, basis: 'actual' }, estimatedSpend: 130, idleWaste: 2.5 },
    ]) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['21 Nov', '22 Nov']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Spend', [19.73, 139.65]],
      ['Idle waste', [0, 2.5]],
    ]);
  });
});
