import { describe, expect, it } from 'vitest';
import { gpuLabel, signalLabel, stateLabel } from './labels';
import { formatMoney, formatRate } from './money';
import { clampPercent, formatGb, formatPercent } from './numbers';
import { formatRelative, formatSpan } from './time';

describe('money', () => {
  it('writes dollars and cents, as the CLI does', () => {
    expect(formatMoney(353.04)).toBe('$353.04');
    expect(formatMoney(10591.2)).toBe('$10,591.20');
    expect(formatMoney(0)).toBe('$0.00');
  });

  it('keeps sub-cent rates readable and marks unknown amounts', () => {
    expect(formatRate(14.71)).toBe('$14.71/h');
    expect(formatRate(0.004)).toBe('$0.0040/h');
    expect(formatRate(null)).toBe('—');
    expect(formatMoney(Number.NaN)).toBe('—');
  });
});

describe('numbers', () => {
  it('rounds percentages and tells no data from zero', () => {
    expect(formatPercent(94.6)).toBe('95%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('—');
    expect(clampPercent(130)).toBe(100);
    expect(clampPercent(null)).toBeNull();
    expect(formatGb(1024)).toBe('1,024 GB');
  });
});

describe('time', () => {
  it('writes spans coarsely', () => {
    expect(formatSpan(45)).toBe('45 s');
    expect(formatSpan(725)).toBe('12 min');
    expect(formatSpan(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatSpan(2 * 86_400 + 4 * 3600)).toBe('2 d 4 h');
    expect(formatSpan(7200)).toBe('2 h');
  });

  it('writes relative times in both directions', () => {
    const now = Date.parse('2026-11-22T20:30:00Z');
    expect(formatRelative('2026-11-22T20:29:58Z', now)).toBe('just now');
    expect(formatRelative('2026-11-22T20:29:48Z', now)).toBe('12 s ago');
    expect(formatRelative('2026-11-22T17:10:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2026-11-22T20:35:00Z', now)).toBe('in 5 min');
    expect(formatRelative(null, now)).toBe('—');
  });
});

describe('labels', () => {
  it('names GPUs by display name and count', () => {
    expect(gpuLabel({ typeId: 'NVIDIA RTX A6000', displayName: 'RTX A6000', count: 8 })).toBe(
      'RTX A6000 × 8',
    );
    expect(gpuLabel({ typeId: 'NVIDIA L40S', displayName: null, count: 1 })).toBe('NVIDIA L40S × 1');
    expect(gpuLabel(null)).toBe('CPU only');
  });

  it('says what each state and signal means', () => {
    expect(stateLabel('counting')).toMatchObject({ label: 'Idle', tone: 'warn' });
    expect(stateLabel('pruning')).toMatchObject({ label: 'Stopping', tone: 'danger' });
    expect(signalLabel('gpu')).toBe('GPU busy');
    expect(signalLabel('extend')).toBe('Extended');
  });
});
