import { describe, expect, it } from 'vitest';
import { NOW, decision, pod, pruneRun, snapshot } from '@/test-support/fixtures';
import {
  availableInstanceActions,
  checkExtendDuration,
  extendConfirmation,
  extendedKillAtOf,
  instanceConfirmation,
  podConfirmation,
  pruneConfirmation,
} from './confirmations';

describe('instance actions', () => {
  it('offers stop and extend for a running pod, start for a stopped one', () => {
    expect(availableInstanceActions(snapshot())).toEqual({
      start: false,
      stop: true,
      terminate: true,
      extend: true,
    });
    expect(availableInstanceActions(snapshot({ pod: pod({ status: 'EXITED', costPerHr: 0 }) }))).toEqual({
      start: true,
      stop: false,
      terminate: true,
      extend: false,
    });
  });

  it('offers start without a pod only when the instance can create one', () => {
    const base = snapshot({ pod: null, state: 'stopped' });
    expect(availableInstanceActions(base).start).toBe(false);
    expect(availableInstanceActions({ ...base, config: { ...base.config, canCreate: true } }).start).toBe(
      true,
    );
  });

  it('says which pod a stop hits, what it costs and that the volume stays', () => {
    const text = instanceConfirmation(snapshot(), 'stop');
    expect(text.danger).toBe(true);
    expect(text.lines.join(' ')).toContain('Stops pod n2b5d8f1g4k7mc (RTX 4090 × 1, $0.69/h) now');
    expect(text.lines.join(' ')).toContain('Its 20 GB volume is kept');
  });

  it('makes terminate irreversible in words and asks for the name to be typed', () => {
    const text = instanceConfirmation(snapshot(), 'terminate');
    expect(text.typeToConfirm).toBe('notebook');
    expect(text.lines.join(' ')).toContain(
      'The pod and its 20 GB volume are deleted. This cannot be undone.',
    );
    expect(text.lines.join(' ')).toContain('start cannot bring it back');
  });

  it('says a start creates a pod from the spec when there is none', () => {
    const text = instanceConfirmation(snapshot({ pod: null }), 'start');
    expect(text.confirmLabel).toBe('Create pod');
    expect(text.lines[0]).toBe('Creates a new pod for notebook from its spec in podwatch.yaml.');
    expect(text.lines.at(-1)).toContain('stopped after 20m without activity');
  });
});

describe('extend', () => {
  it('moves the stop time from the later of killAt and now, like the API', () => {
    const s = snapshot({ killAt: new Date(NOW + 600_000).toISOString() });
    expect(extendedKillAtOf(s, 1800, NOW).getTime()).toBe(NOW + 600_000 + 1_800_000);
    const overdue = snapshot({ killAt: new Date(NOW - 60_000).toISOString() });
    expect(extendedKillAtOf(overdue, 1800, NOW).getTime()).toBe(NOW + 1_800_000);
  });

  it('says from when to when', () => {
    const text = extendConfirmation(snapshot(), 1800, NOW);
    expect(text.title).toBe('Extend notebook by 30m?');
    expect(text.lines[0]).toMatch(
      /^Moves the stop time of notebook from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d \(\+30m\)\.$/,
    );
  });

  it('accepts durations the API accepts, and says why not otherwise', () => {
    expect(checkExtendDuration('1h30m')).toEqual({ ok: true, seconds: 5400 });
    expect(checkExtendDuration('soon')).toMatchObject({ ok: false });
    expect(checkExtendDuration('8d')).toEqual({ ok: false, message: 'At most 7 days (7d).' });
  });
});

describe('pod actions', () => {
  it('reminds that an unmanaged pod is never pruned', () => {
    const text = podConfirmation(pod({ name: 'llm-finetune', instance: null }), 'stop');
    expect(text.title).toBe('Stop llm-finetune?');
    expect(text.lines).toContain('Podwatch does not manage this pod: prune never touches it.');
  });
});

describe('prune', () => {
  it('lists what the real run would do, from the dry run', () => {
    const text = pruneConfirmation(pruneRun());
    expect(text.lines[0]).toBe(
      'Stops stalled-job (pod s6t1a8l3d5j2xo): countdown at zero, data fresh, no activity.',
    );
    expect(text.confirmLabel).toBe('Prune 1 instance');
    expect(text.danger).toBe(true);
  });

  it('says when nothing is due and names instances held back by stale data', () => {
    const text = pruneConfirmation(
      pruneRun({
        decisions: [
          decision({ action: 'none', code: 'stale', reason: 'no fresh data', result: 'none' }),
          decision({ instance: 'trainer', action: 'none', code: 'active', reason: 'busy', result: 'none' }),
        ],
      }),
    );
    expect(text.lines).toEqual([
      'Nothing is due: no pod would be stopped or terminated.',
      'Leaves stalled-job alone: no fresh data.',
    ]);
    expect(text.confirmLabel).toBe('Run prune');
    expect(text.danger).toBe(false);
  });

  it('does not call confirming a pod that already stopped a stop', () => {
    const text = pruneConfirmation(
      pruneRun({
        decisions: [
          decision({
            instance: 'notebook',
            podId: 'n2b5d8f1g4k7mc',
            code: 'already-stopped',
            reason: 'the pod is EXITED; confirming and flushing',
          }),
        ],
      }),
    );
    expect(text.lines).toEqual([
      'Nothing is due: no pod would be stopped or terminated.',
      'Confirms notebook (pod n2b5d8f1g4k7mc) has stopped, then clears its live stats: the pod is EXITED; confirming and flushing.',
    ]);
    expect(text.danger).toBe(false);
  });
});
