import type { AgentReport } from '@podwatch/shared';
import { describe, expect, it } from 'vitest';
import { ReportBuffer } from './buffer.js';

const report = (n: number) => ({ podId: 'pod', collectedAt: `t${n}`, dropped: 0 }) as unknown as AgentReport;
const times = (buffer: ReportBuffer) => {
  const seen: string[] = [];
  for (let r = buffer.next(); r; r = buffer.next()) {
    seen.push(r.collectedAt);
    buffer.delivered();
  }
  return seen;
};

describe(ReportBuffer.name, () => {
  it('keeps reports oldest first', () => {
    const sut = new ReportBuffer(5);
    [1, 2, 3].forEach((n) => sut.push(report(n)));
    expect(times(sut)).toEqual(['t1', 't2', 't3']);
  });

  it('drops the oldest when full and sends the count with the next report, once', () => {
    const sut = new ReportBuffer(2);
    expect(sut.push(report(1))).toBe(0);
    expect(sut.push(report(2))).toBe(0);
    expect(sut.push(report(3))).toBe(1);
    expect(sut.push(report(4))).toBe(1);
    expect(sut.next()).toMatchObject({ collectedAt: 't3', dropped: 2 });
    // A failed attempt keeps both the report and the count.
    expect(sut.next()).toMatchObject({ collectedAt: 't3', dropped: 2 });
    sut.delivered();
    expect(sut.next()).toMatchObject({ collectedAt: 't4', dropped: 0 });
    expect(sut.totalDropped).toBe(2);
  });

  it('keeps the dropped count for the next report when one is refused', () => {
    const sut = new ReportBuffer(1);
    sut.push(report(1));
    sut.push(report(2));
    sut.discard();
    sut.push(report(3));
    expect(sut.next()).toMatchObject({ collectedAt: 't3', dropped: 1 });
  });

  it('needs room for one report', () => {
    expect(() => new ReportBuffer(0)).toThrow(RangeError);
  });
});
