import { describe, expect, it } from 'vitest';
import { iso, NOW, podView, snapshot } from '../test/support/fixtures.js';
import { ago, gpuLabel, gpuTone, liveCountdown, loadTone, money, span, temperatureTone } from './format.js';

describe('format', () => {
  it('writes money, spans and relative times the way the dashboards do', () => {
    expect(money(10591.2)).toBe('$10,591.20');
    expect(money(null)).toBe('—');
    expect(span(93_606)).toBe('1d 2h');
    expect(span(3_660)).toBe('1h 1m');
    expect(span(3_600)).toBe('1h');
    expect(span(59)).toBe('59s');
    expect(ago(iso(-125), NOW)).toBe('2m 5s ago');
    expect(ago(iso(0), NOW)).toBe('just now');
    expect(ago(null, NOW)).toBe('never');
    expect(gpuLabel(podView().gpu)).toBe('H100 SXM ×1');
    expect(gpuLabel(null)).toBe('CPU');
  });

  it('colours by threshold: load, GPU activity against the instance threshold, temperature', () => {
    expect([loadTone(50), loadTone(75), loadTone(95), loadTone(null)]).toEqual([
      'green',
      'yellow',
      'red',
      'gray',
    ]);
    expect([gpuTone(9, 10), gpuTone(10, 10), gpuTone(null)]).toEqual(['yellow', 'green', 'gray']);
    expect([temperatureTone(60), temperatureTone(80), temperatureTone(90)]).toEqual([
      'green',
      'yellow',
      'red',
    ]);
  });

  it('ticks the countdown from killAt and turns to pruning at zero', () => {
    const s = snapshot({ killAt: iso(400), state: 'counting' });
    expect(liveCountdown(s, NOW)).toMatchObject({
      state: 'counting',
      left: 400,
      text: '00:06:40',
      tone: 'plain',
    });
    expect(liveCountdown(s, NOW + 101_000)).toMatchObject({ left: 299, tone: 'yellow' });
    expect(liveCountdown(s, NOW + 400_000)).toMatchObject({
      state: 'pruning',
      text: '00:00:00',
      tone: 'red',
    });
    expect(liveCountdown(snapshot({ killAt: iso(90_000) }), NOW).text).toBe('25:00:00');
    expect(liveCountdown(snapshot({ state: 'protected' }), NOW).text).toBe('protected');
    expect(liveCountdown(snapshot({ state: 'stopped', pod: null }), NOW).text).toBe('no pod');
  });
});
