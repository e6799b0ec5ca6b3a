import type { InstanceSnapshot, PodView, PruneRunView } from '@podwatch/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { actOnInstance, extendInstance, type InstanceAction } from '@/api/instances';
import { actOnPod, type PodAction } from '@/api/pods';
import { runPrune } from '@/api/prune';
import { formatDuration } from '@podwatch/shared';
import { useFleetStore } from './fleet';
import { useInstanceStore } from './instance';
import { usePruneStore } from './prune';
import { useToastsStore } from './toasts';

const PAST: Record<InstanceAction | PodAction, string> = {
  start: 'started',
  stop: 'stopped',
  restart: 'restarted',
  terminate: 'terminated',
};

/**
 * Every mutation the dashboard makes. Errors are thrown back to the dialog that asked (it shows
 * them in place); success updates the stores at once from the API's answer and says so.
 */
export const useActionsStore = defineStore('actions', () => {
  const fleet = useFleetStore();
  const instance = useInstanceStore();
  const prune = usePruneStore();
  const toasts = useToastsStore();
  /** What is in flight, e.g. `notebook:stop`. */
  const busy = ref<string | null>(null);

  async function track<T>(key: string, work: () => Promise<T>): Promise<T> {
    busy.value = key;
    try {
      return await work();
    } finally {
      busy.value = null;
    }
  }

  async function applied(snapshot: InstanceSnapshot): Promise<void> {
    fleet.applySnapshot(snapshot);
    await instance.applySnapshot(snapshot);
  }

  function actOn(name: string, action: InstanceAction): Promise<InstanceSnapshot> {
    return track(`${name}:${action}`, async () => {
      const snapshot = await actOnInstance(name, action);
      await applied(snapshot);
      const status = snapshot.pod?.status;
      toasts.show({
        tone: 'ok',
        title: `${name} ${PAST[action]}`,
        detail: status ? `Pod ${snapshot.pod?.id} is ${status}.` : undefined,
      });
      void fleet.refresh();
      return snapshot;
    });
  }

  function extend(name: string, seconds: number): Promise<InstanceSnapshot> {
    return track(`${name}:extend`, async () => {
      const snapshot = await extendInstance(name, formatDuration(seconds));
      await applied(snapshot);
      toasts.show({ tone: 'ok', title: `${name} extended by ${formatDuration(seconds)}` });
      return snapshot;
    });
  }

  function actOnPodById(pod: PodView, action: PodAction): Promise<PodView> {
    return track(`${pod.id}:${action}`, async () => {
      const result = await actOnPod(pod.id, action);
      toasts.show({
        tone: 'ok',
        title: `${pod.name} ${PAST[action]}`,
        detail: `Pod ${result.id} is ${result.status}.`,
      });
      void fleet.refresh();
      return result;
    });
  }

  /** A dry run: decisions and reasons, nothing changed. */
  function previewPrune(instanceName?: string): Promise<PruneRunView> {
    return track('prune:preview', () => runPrune({ dryRun: true, instance: instanceName }));
  }

  function pruneNow(instanceName?: string): Promise<PruneRunView> {
    return track('prune:run', async () => {
      const run = await runPrune({ dryRun: false, instance: instanceName });
      prune.addRun(run);
      const acted = run.summary.stopped + run.summary.terminated + run.summary.scaledToZero;
      toasts.show({
        tone: run.status === 'failed' || run.summary.confirmationFailures > 0 ? 'danger' : 'ok',
        title:
          acted > 0
            ? `Prune stopped ${acted} instance${acted === 1 ? '' : 's'}`
            : 'Prune ran: nothing was due',
        detail:
          run.summary.confirmationFailures > 0
            ? `${run.summary.confirmationFailures} stop(s) could not be confirmed.`
            : undefined,
      });
      void fleet.refresh();
      return run;
    });
  }

  return { busy, actOn, extend, actOnPodById, previewPrune, pruneNow };
});
