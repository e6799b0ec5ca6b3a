import { describe, expect, it } from 'vitest';
import type { PodView } from './api-types.js';
import { allowedInstanceActions } from './instance-actions.js';

const pod = (status: PodView['status'], gone = false) => ({ status, gone }) as PodView;
const config = { type: 'pod' as const, canCreate: false };

describe('allowedInstanceActions', () => {
  it('stops, extends and terminates a running pod but does not start it', () => {
    expect(allowedInstanceActions({ pod: pod('RUNNING'), config })).toEqual({
      start: false,
      stop: true,
      terminate: true,
      extend: true,
    });
  });

  it('resumes a stopped pod, and creates a missing one only with a spec', () => {
    expect(allowedInstanceActions({ pod: pod('EXITED'), config }).start).toBe(true);
    expect(allowedInstanceActions({ pod: pod('TERMINATED', true), config }).start).toBe(false);
    expect(allowedInstanceActions({ pod: null, config: { type: 'pod', canCreate: true } }).start).toBe(true);
  });

  it('only extends a serverless instance', () => {
    expect(allowedInstanceActions({ pod: null, config: { type: 'serverless', canCreate: false } })).toEqual({
      start: false,
      stop: false,
      terminate: false,
      extend: true,
    });
  });
});
