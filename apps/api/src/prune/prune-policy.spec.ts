import { describe, expect, it } from '@jest/globals';
import { decide, type PolicyInput } from './prune-policy.js';

const running = { status: 'RUNNING', gone: false } as NonNullable<PolicyInput['view']['pod']>;

function input(overrides: Partial<PolicyInput> = {}, view: Partial<PolicyInput['view']> = {}): PolicyInput {
  return {
    instance: {
      name: 'notebook',
      type: 'pod',
      podId: 'notebookpod001',
      protect: false,
      onIdle: 'stop',
      inactivitySeconds: 120,
    },
    view: {
      killAt: '2026-11-22T12:00:00.000Z',
      timeUntilKill: 0,
      stale: false,
      staleReason: null,
      collectedAt: '2026-11-22T12:00:00.000Z',
      flushedAt: null,
      pod: running,
      lastRunAt: '2026-11-22T11:58:00.000Z',
      ...view,
    },
    busy: false,
    busyDetail: null,
    intent: null,
    disabled: false,
    dryRun: false,
    ...overrides,
  };
}

describe(decide.name, () => {
  it('acts on an idle instance whose countdown is at zero, per onIdle', () => {
    expect(decide(input())).toMatchObject({ action: 'stop', code: 'due' });
    expect(decide(input({ instance: { ...input().instance, onIdle: 'terminate' } })).action).toBe(
      'terminate',
    );
    expect(decide(input({ dryRun: true })).result).toBe('planned');
  });

  it('fails closed on stale or missing data, and never touches a protected instance', () => {
    expect(decide(input({}, { stale: true, staleReason: 'GET /v2/pods: 503' }))).toMatchObject({
      action: 'none',
      code: 'stale',
    });
    expect(decide(input({}, { collectedAt: null })).code).toBe('stale');
    expect(decide(input({ instance: { ...input().instance, protect: true } })).code).toBe('protected');
  });

  it('waits while counting or busy', () => {
    expect(decide(input({}, { timeUntilKill: 30 })).code).toBe('counting');
    expect(decide(input({ busy: true, busyDetail: 'GPU 0 at 80%' })).reason).toMatch(/GPU 0 at 80%/);
  });

  it('advances an open stop intent before anything else, even on stale data', () => {
    const intent = { action: 'stop', createdAt: new Date('2026-11-22T12:00:00Z') };
    expect(decide(input({ intent }, { stale: true }))).toMatchObject({ action: 'stop', code: 'resume' });
  });

  it('confirms a pod that stopped on its own, and leaves a flushed one alone', () => {
    const exited = { ...running, status: 'EXITED' } as typeof running;
    expect(decide(input({}, { pod: exited })).code).toBe('already-stopped');
    expect(decide(input({}, { pod: exited, flushedAt: '2026-11-22T12:01:00.000Z' })).code).toBe('flushed');
  });
});
