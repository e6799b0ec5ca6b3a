import { describe, expect, it } from 'vitest';
import { colorLevel, terminalColumns } from './terminal.js';

describe(colorLevel.name, () => {
  it('colours a terminal, never a pipe, never with NO_COLOR or --no-color; FORCE_COLOR wins over the test', () => {
    expect(colorLevel({ isTTY: true, env: { TERM: 'xterm-256color' } })).toBe(2);
    expect(colorLevel({ isTTY: false, env: {} })).toBe(0);
    expect(colorLevel({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(0);
    expect(colorLevel({ isTTY: true, env: {}, noColorFlag: true })).toBe(0);
    expect(colorLevel({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(1);
    expect(colorLevel({ isTTY: true, env: { TERM: 'dumb' } })).toBe(0);
  });
});

describe(terminalColumns.name, () => {
  it('uses COLUMNS for pipes and files', () => {
    const pipe = { isTTY: false, columns: 0 } as unknown as NodeJS.WriteStream;
    expect(terminalColumns(pipe, { COLUMNS: '90' })).toBe(90);
    expect(terminalColumns(pipe, {})).toBe(120);
  });
});
