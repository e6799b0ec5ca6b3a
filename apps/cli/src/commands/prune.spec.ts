import type { PruneRunView } from '@podwatch/shared';
import { describe, expect, it } from 'vitest';
import { iso } from '../../test/support/fixtures.js';
import { EXIT } from '../api-client.js';
import { formatPruneRun, pruneOutcome } from './prune.js';

function run(overrides: Partial<PruneRunView> = {}): PruneRunView {
  return {
    id: '195126e7-23b5-43c7-8d6b-a19e6f6ed463',
    trigger: 'cli',
    dryRun: false,
    instanceFilter: null,
    status: 'succeeded',
    startedAt: iso(0),
    finishedAt: iso(2),
    summary: {
      instances: 2,
      due: 1,
      stopped: 1,
      terminated: 0,
      scaledToZero: 0,
      flushed: 1,
      confirmationFailures: 0,
      skipped: 0,
      warnings: 0,
      orphans: 0,
    },
    decisions: [
      {
        instance: 'notebook',
        podId: 'n2b5d8f1g4k7mc',
        action: 'stop',
        code: 'due',
        reason: 'idle 21 min',
        killAt: iso(-60),
        timeUntilKill: 0,
        result: 'flushed',
      },
      {
        instance: 'trainer',
        podId: 'h7x2k9q4m3p8za',
        action: 'none',
        code: 'active',
        reason: 'GPU at 97%',
        killAt: iso(7000),
        timeUntilKill: 7000,
        result: 'none',
      },
    ],
    steps: [
      {
        id: '1',
        occurredAt: iso(0),
        pruneRunId: 'r',
        instance: 'notebook',
        podId: 'n2b5d8f1g4k7mc',
        kind: 'decision',
        outcome: 'ok',
        reason: 'idle 21 min',
        actor: 'cli',
        detail: {},
      },
      {
        id: '2',
        occurredAt: iso(0),
        pruneRunId: 'r',
        instance: 'notebook',
        podId: 'n2b5d8f1g4k7mc',
        kind: 'runpod_call',
        outcome: 'ok',
        reason: 'stop sent',
        actor: 'cli',
        detail: {},
      },
      {
        id: '3',
        occurredAt: iso(1),
        pruneRunId: 'r',
        instance: 'notebook',
        podId: 'n2b5d8f1g4k7mc',
        kind: 'confirmation',
        outcome: 'ok',
        reason: 'pod is EXITED at $0/h',
        actor: 'cli',
        detail: {},
      },
      {
        id: '4',
        occurredAt: iso(2),
        pruneRunId: 'r',
        instance: 'notebook',
        podId: 'n2b5d8f1g4k7mc',
        kind: 'flush',
        outcome: 'ok',
        reason: 'live stats cleared',
        actor: 'cli',
        detail: {},
      },
    ],
    ...overrides,
  };
}

describe(formatPruneRun.name, () => {
  it('prints the steps in order, the decisions and a summary', () => {
    const text = formatPruneRun(run(), 140);
    expect(text).toMatch(/^Prune run 195126e7 · live · succeeded · 2000 ms$/m);
    const steps = text.slice(text.indexOf('Steps'), text.indexOf('Decisions'));
    expect([...steps.matchAll(/ (decision|runpod_call|confirmation|flush) /g)].map((m) => m[1])).toEqual([
      'decision',
      'runpod_call',
      'confirmation',
      'flush',
    ]);
    expect(text).toMatch(/notebook +n2b5d8f1g4k7mc +stop +due +flushed +00:00:00 +idle 21 min/);
    expect(text).toContain(
      'Summary: 2 instances · 1 due · 1 stopped · 0 terminated · 0 scaled to zero · 1 flushed · 0 confirmation failures',
    );
  });

  it('says what a dry run would do', () => {
    const dry = run({ dryRun: true, steps: [], decisions: [{ ...run().decisions[0]!, result: 'planned' }] });
    const text = formatPruneRun(dry, 140);
    expect(text).toContain('dry run: decides and reports, changes nothing');
    expect(text).toMatch(/notebook +n2b5d8f1g4k7mc +stop +due +would stop/);
    expect(text).not.toContain('Steps');
  });
});

describe(pruneOutcome.name, () => {
  it('fails with its own exit code when a stop was not confirmed', () => {
    const failed = run({
      status: 'failed',
      decisions: [
        { ...run().decisions[0]!, result: 'confirmation-failed', reason: 'still RUNNING at $0.69/h' },
      ],
    });
    const outcome = pruneOutcome(failed);
    expect(outcome?.exitCode).toBe(EXIT.confirmationFailed);
    expect(outcome?.message).toContain('notebook (pod n2b5d8f1g4k7mc): still RUNNING at $0.69/h');
    expect(pruneOutcome(run())).toBeNull();
    expect(pruneOutcome(run({ decisions: [{ ...run().decisions[0]!, result: 'failed' }] }))?.exitCode).toBe(
      EXIT.failure,
    );
  });
});
