/** Runs a command and says exactly how it failed, for "unavailable: <reason>" reports. */
import { type ExecFileException, execFile } from 'node:child_process';

export type CommandResult =
  | { ok: true; stdout: string; stderr: string }
  | {
      ok: false;
      kind: 'missing' | 'not-executable' | 'exit' | 'signal' | 'timeout' | 'error';
      /** Exit code for `exit`. */
      code?: number;
      signal?: string;
      stdout: string;
      stderr: string;
      message: string;
    };

export type CommandRunner = (
  command: string,
  args: string[],
  options: { timeoutMs: number },
) => Promise<CommandResult>;

/** Enough for nvidia-smi's XML on a 16-GPU machine with many processes. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export const runCommand: CommandRunner = (command, args, { timeoutMs }) =>
  new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        if (!error) return resolve({ ok: true, stdout, stderr });
        const base = {
          ok: false as const,
          stdout: stdout ?? '',
          stderr: stderr ?? '',
          message: error.message,
        };
        if (error.code === 'ENOENT') return resolve({ ...base, kind: 'missing' });
        if (error.code === 'EACCES') return resolve({ ...base, kind: 'not-executable' });
        if (error.killed && error.signal === 'SIGKILL') return resolve({ ...base, kind: 'timeout' });
        if (typeof error.code === 'number') return resolve({ ...base, kind: 'exit', code: error.code });
        if (error.signal) return resolve({ ...base, kind: 'signal', signal: error.signal });
        resolve({ ...base, kind: 'error' });
      },
    );
  });

/** The first non-empty line, shortened: enough to say why without flooding a report. */
export function firstLine(text: string, max = 300): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "nvidia-smi exited with 9: NVIDIA-SMI has failed because …" and the like. */
export function describeFailure(
  label: string,
  command: string,
  result: Extract<CommandResult, { ok: false }>,
  timeoutMs = 10_000,
): string {
  switch (result.kind) {
    case 'missing':
      return command.includes('/')
        ? `${command} does not exist`
        : `${label} not found: no ${command} on the PATH`;
    case 'not-executable':
      return `${command} is not executable`;
    case 'timeout':
      return `${command} did not answer within ${Math.round(timeoutMs / 1000)} s`;
    case 'exit': {
      const said = firstLine(result.stderr) || firstLine(result.stdout);
      return `${command} exited with ${result.code}${said ? `: ${said}` : ''}`;
    }
    case 'signal':
      return `${command} was killed by ${result.signal}`;
    case 'error':
      return `${command} could not run: ${firstLine(result.message)}`;
  }
}
