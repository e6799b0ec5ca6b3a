/**
 * tmux sessions (AI agents and long jobs run in them): `tmux list-sessions -F …`. No tmux server
 * running means zero sessions; tmux not installed means the source is unavailable.
 */
import type { AgentTmux, AgentTmuxSession, AgentUnavailable } from '@podwatch/shared';
import { type CommandRunner, describeFailure, firstLine, runCommand } from './exec.js';

const FORMAT = [
  '#{session_name}',
  '#{session_windows}',
  '#{session_attached}',
  '#{session_created}',
  '#{session_activity}',
].join('\t');

const epoch = (text: string | undefined): string | null => {
  const seconds = Number(text);
  return text && /^\d+$/.test(text) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
};

/** Parses the `-F` output above, one session per line; lines that do not fit are skipped. */
export function parseTmuxSessions(text: string): AgentTmuxSession[] {
  return text.split('\n').flatMap((line) => {
    const fields = line.split('\t');
    if (fields.length < 5) return [];
    // A name may itself contain a tab: the last four fields are fixed.
    const [windows, attached, created, activity] = fields.slice(-4);
    const name = fields.slice(0, -4).join('\t');
    if (!name || !/^\d+$/.test(windows ?? '') || !/^\d+$/.test(attached ?? '')) return [];
    return [
      {
        name,
        windows: Number(windows),
        attached: Number(attached),
        createdAt: epoch(created),
        lastActivityAt: epoch(activity),
      },
    ];
  });
}

/** How tmux says that no server (hence no session) exists. */
const NO_SERVER = /no server running|error connecting to .*\(No such file or directory\)|no sessions/i;

export async function readTmux(options: {
  command?: string;
  timeoutMs?: number;
  run?: CommandRunner;
}): Promise<AgentTmux | AgentUnavailable> {
  const command = options.command ?? 'tmux';
  const timeoutMs = options.timeoutMs ?? 5_000;
  const result = await (options.run ?? runCommand)(command, ['list-sessions', '-F', FORMAT], { timeoutMs });
  if (result.ok) return { available: true, sessions: parseTmuxSessions(result.stdout) };
  if (result.kind === 'exit' && NO_SERVER.test(firstLine(result.stderr))) {
    return { available: true, sessions: [] };
  }
  return { available: false, reason: describeFailure('tmux', command, result, timeoutMs) };
}
