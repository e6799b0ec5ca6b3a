/**
 * Colour and terminal decisions, made once per run. Ink colours through the same chalk instance,
 * so setting its level here governs the dashboard as well as plain command output.
 */
import chalk from 'chalk';

export interface ColorEnvironment {
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** `--no-color` was given. */
  noColorFlag?: boolean;
}

/**
 * Colours only on a terminal, never when `NO_COLOR` is set (https://no-color.org) or `--no-color`
 * was given; `FORCE_COLOR` wins over the terminal test, as everywhere else.
 */
export function colorLevel({ isTTY, env, noColorFlag }: ColorEnvironment): 0 | 1 | 2 | 3 {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false') return 0;
    const level = Number.parseInt(force, 10);
    return Number.isFinite(level) ? (Math.max(0, Math.min(3, level)) as 0 | 1 | 2 | 3) : 1;
  }
  if (!isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return /256/.test(env.TERM ?? '') ? 2 : 1;
}

export function configureColors(options: ColorEnvironment): void {
  chalk.level = colorLevel(options);
}

// Built from a string: a control character in a regex literal is almost always a typo, not here.
export const ANSI_PATTERN = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

/** Columns of the terminal; for pipes and files `COLUMNS`, else 120. */
export function terminalColumns(stream: NodeJS.WriteStream = process.stdout, env = process.env): number {
  if (stream.isTTY && stream.columns > 0) return stream.columns;
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  return Number.isInteger(fromEnv) && fromEnv >= 40 ? fromEnv : 120;
}
