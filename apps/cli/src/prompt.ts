/** Confirmation prompts and a progress line, for commands run by a person at a terminal. */
import { createInterface } from 'node:readline/promises';
import chalk from 'chalk';
import { CliError, EXIT } from './api-client.js';

export interface ConfirmOptions {
  /** Skip the question (`--yes`). */
  yes: boolean;
  /** What to pass to do it without asking, for the error when there is no terminal. */
  flag?: string;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

/**
 * Asks `question [y/N]` on the terminal. Without a terminal it refuses rather than guess: scripts
 * must say `--yes`. Declining ends the command with EXIT.aborted.
 */
export async function confirmOrAbort(question: string, options: ConfirmOptions): Promise<void> {
  if (options.yes) return;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (!input.isTTY) {
    throw new CliError(
      `${question.split('\n')[0]} — not confirmed: stdin is not a terminal. Pass ${options.flag ?? '--yes'} to do it without asking.`,
      EXIT.usage,
    );
  }
  const rl = createInterface({ input, output });
  try {
    const answer = await rl.question(`${question}\n${chalk.bold('Proceed? [y/N] ')}`);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('Cancelled; nothing was changed.', EXIT.aborted);
  } finally {
    rl.close();
  }
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/**
 * A one-line spinner with elapsed seconds on stderr while `work` runs; nothing at all when stderr
 * is not a terminal, so piped output stays clean.
 */
export async function withProgress<T>(
  label: string,
  work: () => Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  if (!stream.isTTY) return work();
  const started = performance.now();
  let frame = 0;
  const draw = () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    stream.write(
      `\r\u001b[2K${chalk.cyan(FRAMES[frame % FRAMES.length])} ${label} ${chalk.dim(`${seconds}s`)}`,
    );
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    stream.write('\r\u001b[2K');
  }
}
