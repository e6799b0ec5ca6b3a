import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from './exec.js';
import { parseTmuxSessions, readTmux } from './tmux.js';

const answering =
  (result: CommandResult): CommandRunner =>
  () =>
    Promise.resolve(result);
const failed = (kind: 'missing' | 'exit', stderr = '', code?: number): CommandResult => ({
  ok: false,
  kind,
  stdout: '',
  stderr,
  message: stderr || kind,
  ...(code === undefined ? {} : { code }),
});

describe(parseTmuxSessions.name, () => {
  it('reads name, windows, attached clients and times', () => {
    expect(
      parseTmuxSessions('claude\t2\t1\t1795360000\t1795363600\ntrain run\t1\t0\t1795350000\t1795350100\n'),
    ).toEqual([
      {
        name: 'claude',
        windows: 2,
        attached: 1,
        createdAt: '2026-11-22T15:06:40.000Z',
        lastActivityAt: '2026-11-22T16:06:40.000Z',
      },
      {
        name: 'train run',
        windows: 1,
        attached: 0,
        createdAt: '2026-11-22T12:20:00.000Z',
        lastActivityAt: '2026-11-22T12:21:40.000Z',
      },
    ]);
  });

  it('skips lines it cannot read', () => {
    expect(parseTmuxSessions('garbage\n\nname\tx\t0\t1\t1\n')).toEqual([]);
  });
});

describe(readTmux.name, () => {
  it('lists sessions', async () => {
    const sut = await readTmux({
      run: answering({ ok: true, stdout: 'agent\t1\t0\t1795360000\t1795360000\n', stderr: '' }),
    });
    expect(sut).toMatchObject({ available: true, sessions: [{ name: 'agent' }] });
  });

  it('reads no server as no sessions', async () => {
    for (const stderr of [
      'no server running on /tmp/tmux-0/default',
      'error connecting to /tmp/tmux-0/default (No such file or directory)',
    ]) {
      expect(await readTmux({ run: answering(failed('exit', stderr, 1)) })).toEqual({
        available: true,
        sessions: [],
      });
    }
  });

  it('is unavailable when tmux is not installed or fails otherwise', async () => {
    expect(await readTmux({ run: answering(failed('missing')) })).toEqual({
      available: false,
      reason: 'tmux not found: no tmux on the PATH',
    });
    expect(
      await readTmux({ command: 'tmux', run: answering(failed('exit', 'server exited unexpectedly', 1)) }),
    ).toEqual({
      available: false,
      reason: 'tmux exited with 1: server exited unexpectedly',
    });
  });

  it('runs the real command (missing here means unavailable, never a throw)', async () => {
    const sut = await readTmux({ command: 'tmux-not-installed-podwatch' });
    expect(sut).toEqual({
      available: false,
      reason: 'tmux not found: no tmux-not-installed-podwatch on the PATH',
    });
  });
});
