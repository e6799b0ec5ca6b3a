import chalk from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';
import { stripAnsi } from './terminal.js';

const rows = [
  { name: 'trainer', cost: '2.69', note: 'GPU busy' },
  { name: 'notebook', cost: '0.69', note: 'idle' },
];

describe(renderTable.name, () => {
  it('aligns columns, right-aligns numbers and ignores colour codes when measuring', () => {
    chalk.level = 1;
    const text = renderTable(rows, [
      { header: 'NAME', value: (r) => r.name },
      { header: '$/H', value: (r) => r.cost, align: 'right' },
      { header: 'NOTE', value: (r) => (r.note === 'idle' ? chalk.red(r.note) : r.note) },
    ]);
    expect(text).toContain(chalk.red('idle'));
    chalk.level = 0;
    expect(stripAnsi(text).split('\n')).toEqual([
      'NAME       $/H  NOTE',
      'trainer   2.69  GPU busy',
      'notebook  0.69  idle',
    ]);
  });

  it('drops optional columns, last first, to fit the width', () => {
    const text = renderTable(
      rows,
      [
        { header: 'NAME', value: (r) => r.name },
        { header: '$/H', value: (r) => r.cost, optional: true },
        { header: 'NOTE', value: (r) => r.note, optional: true },
      ],
      16,
    );
    expect(text.split('\n')[0]).toBe('NAME      $/H');
  });
});
