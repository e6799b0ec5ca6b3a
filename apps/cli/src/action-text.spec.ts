import { describe, expect, it } from 'vitest';
import { podView, snapshot, unmanagedPod } from '../test/support/fixtures.js';
import { planInstanceAction, planPodAction } from './action-text.js';

describe(planInstanceAction.name, () => {
  it('says which pod stops, what it costs, and that the volume is kept', () => {
    expect(planInstanceAction(snapshot(), 'stop')).toEqual({
      kind: 'confirm',
      question:
        'Stop trainer: pod h7x2k9q4m3p8za (H100 SXM ×1, RUNNING, $2.69/h, US-KS-2).\n' +
        'Compute billing ($2.69/h) ends; its 100 GB volume is kept (storage stays billed) and `podwatch start trainer` resumes it. The container disk is reset.',
    });
  });

  it('says that terminate deletes the pod and its volume, and warns about a protected instance', () => {
    const plan = planInstanceAction(
      snapshot({ config: { ...snapshot().config, protect: true } }),
      'terminate',
    );
    expect(plan.kind === 'confirm' && plan.question).toBe(
      'Terminate trainer: pod h7x2k9q4m3p8za (H100 SXM ×1, RUNNING, $2.69/h, US-KS-2).\n' +
        'The pod and its 100 GB volume are DELETED: this cannot be undone.\n' +
        'trainer is protected: prune never stops it on its own.',
    );
  });

  it('does nothing for a pod that is already stopped, and refuses a serverless instance', () => {
    const stopped = snapshot({ pod: podView({ status: 'EXITED', costPerHr: 0 }) });
    expect(planInstanceAction(stopped, 'stop')).toEqual({
      kind: 'noop',
      message: "trainer's pod h7x2k9q4m3p8za is already stopped (EXITED).",
      satisfied: true,
    });
    const serverless = snapshot({
      config: { ...snapshot().config, type: 'serverless', endpointId: 'e1' },
      pod: null,
    });
    expect(planInstanceAction(serverless, 'stop')).toMatchObject({ kind: 'noop', satisfied: false });
  });

  it('asks before resuming or creating a pod, not before touching a running one', () => {
    expect(planInstanceAction(snapshot({ pod: podView({ status: 'EXITED' }) }), 'start')).toMatchObject({
      kind: 'confirm',
      question: expect.stringContaining('Start trainer: resume pod h7x2k9q4m3p8za') as string,
    });
    expect(planInstanceAction(snapshot(), 'start')).toMatchObject({ kind: 'proceed' });
    const creatable = snapshot({ pod: null, config: { ...snapshot().config, podId: null, canCreate: true } });
    expect(planInstanceAction(creatable, 'start')).toMatchObject({
      kind: 'confirm',
      question: expect.stringContaining("create a new pod from the instance's create spec") as string,
    });
  });
});

describe(planPodAction.name, () => {
  it('describes an unmanaged pod', () => {
    expect(planPodAction(unmanagedPod(), 'terminate')).toEqual({
      kind: 'confirm',
      question:
        'Terminate unmanaged llm-finetune: pod l5k7j9h2g4f6ee (A100 SXM ×2, RUNNING, $3.48/h, US-KS-2).\n' +
        'The pod and its 150 GB volume are DELETED: this cannot be undone.',
    });
  });
});
