/**
 * Which actions an instance allows in its current state (DESIGN §2): the API refuses the others
 * with 409, and the web and terminal dashboards offer only these.
 */
import type { InstanceSnapshot, PodView } from './api-types.js';
import { isPodRunning } from './countdown.js';

export interface AllowedInstanceActions {
  start: boolean;
  stop: boolean;
  terminate: boolean;
  extend: boolean;
}

/** The instance's pod unless RunPod no longer knows it. */
export function livePod(snapshot: Pick<InstanceSnapshot, 'pod'>): PodView | null {
  return snapshot.pod && !snapshot.pod.gone ? snapshot.pod : null;
}

export function allowedInstanceActions(
  snapshot: Pick<InstanceSnapshot, 'pod'> & {
    config: Pick<InstanceSnapshot['config'], 'type' | 'canCreate'>;
  },
): AllowedInstanceActions {
  if (snapshot.config.type === 'serverless') {
    return { start: false, stop: false, terminate: false, extend: true };
  }
  const pod = livePod(snapshot);
  const status = pod?.status ?? null;
  const running = isPodRunning(status);
  const resumable = status === 'EXITED' || status === 'ERROR';
  return {
    start: resumable || (!pod && snapshot.config.canCreate),
    stop: running,
    terminate: pod !== null && status !== 'TERMINATED',
    extend: running,
  };
}
