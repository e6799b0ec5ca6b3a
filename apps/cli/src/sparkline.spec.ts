import { describe, expect, it } from 'vitest';
import { meter, sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('draws percentages on a fixed 0–100 scale, newest at the right, gaps as blanks', () => {
    expect(sparkline([0, 50, 100], 3)).toBe('▁▅█');
    expect(sparkline([3, 3, 3], 3)).toBe('▁▁▁');
    expect(sparkline([null, 100], 4)).toBe('   █');
    expect(sparkline([10, 20, 30, 40, 50], 2)).toBe('▄▅');
    expect(sparkline([], 3)).toBe('   ');
  });

  it('scales other units to their own range', () => {
    expect(sparkline([200, 400, 600], 3, 'auto')).toBe('▁▅█');
    expect(sparkline([300, 300], 2, 'auto')).toBe('▅▅');
  });
});

describe('meter', () => {
  it('fills to the percentage with eighth-cell precision', () => {
    expect(meter(100, 4)).toBe('████');
    expect(meter(50, 4)).toBe('██  ');
    expect(meter(60, 4)).toBe('██▍ ');
    expect(meter(null, 3)).toBe('   ');
  });
});
