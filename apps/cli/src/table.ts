/** Plain-text tables for command output: aligned columns, ANSI-aware widths, a header line. */
import chalk from 'chalk';
import { stripAnsi } from './terminal.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
  /** The column is dropped first when the table is wider than the terminal. */
  optional?: boolean;
  /** Truncate cells to this many characters (with …). */
  maxWidth?: number;
}

function visibleLength(text: string): number {
  return [...stripAnsi(text)].length;
}

function truncate(text: string, width: number): string {
  const plain = stripAnsi(text);
  if ([...plain].length <= width) return text;
  return `${[...plain].slice(0, Math.max(0, width - 1)).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? gap + text : text + gap;
}

/**
 * Renders rows under their headers, two spaces between columns. Optional columns are dropped,
 * last first, until the table fits `maxWidth`; the last column is never padded.
 */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  maxWidth = Infinity,
): string {
  let shown = [...columns];
  const cells = (cols: Column<Row>[]) =>
    rows.map((row) => cols.map((c) => (c.maxWidth ? truncate(c.value(row), c.maxWidth) : c.value(row))));
  const widthsOf = (cols: Column<Row>[], body: string[][]) =>
    cols.map((c, i) => Math.max(visibleLength(c.header), ...body.map((r) => visibleLength(r[i] ?? ''))));
  let body = cells(shown);
  let widths = widthsOf(shown, body);
  // The last column may run past the edge (the terminal wraps it); it only needs a fair share.
  const total = () =>
    widths.reduce((sum, w, i) => sum + (i === widths.length - 1 ? Math.min(w, 24) : w), 0) +
    2 * (widths.length - 1);
  while (total() > maxWidth) {
    const drop = shown.map((c) => c.optional === true).lastIndexOf(true);
    if (drop === -1) break;
    shown = shown.filter((_, i) => i !== drop);
    body = cells(shown);
    widths = widthsOf(shown, body);
  }
  const line = (values: string[]) =>
    values
      .map((v, i) =>
        i === values.length - 1 && shown[i]?.align !== 'right'
          ? v
          : pad(v, widths[i] ?? 0, shown[i]?.align ?? 'left'),
      )
      .join('  ')
      .trimEnd();
  return [chalk.bold(line(shown.map((c) => c.header))), ...body.map(line)].join('\n');
}
