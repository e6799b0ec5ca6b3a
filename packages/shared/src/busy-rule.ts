/**
 * Is-busy (DESIGN §2, Activity): the one rule every path calls — the collector on RunPod's
 * `runtime`, prune's last look before acting, and `podwatch agent` reports. The busiest GPU
 * decides (not the average: one busy GPU of eight is a busy pod); a CPU pod is judged by its CPU;
 * missing or unreadable data counts as activity, never as idle.
 */

/** What a source could read of a pod's utilisation. `null` readings are unreadable (`N/A`, absent). */
export interface UtilisationReading {
  /** GPUs the pod has: 0 is a CPU pod. */
  gpuCount: number;
  /** Utilisation per GPU as read; an empty list on a GPU pod means none was reported. */
  gpuUtilPercents: readonly (number | null)[];
  cpuPercent: number | null;
}

export type BusyVerdict =
  /** Busy: a reading at or above the threshold, or (`unknown`) nothing readable to judge by. */
  { busy: true; unknown: boolean; reason: string } | { busy: false; reason: string };

const readable = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Judges one reading (`null`: the pod reported no utilisation at all) against `thresholdPercent`. */
export function judgeBusy(reading: UtilisationReading | null, thresholdPercent: number): BusyVerdict {
  const unknown = (reason: string): BusyVerdict => ({
    busy: true,
    unknown: true,
    reason: `${reason}: counted as activity`,
  });
  if (reading === null) return unknown('no utilisation reported');

  if (reading.gpuCount > 0) {
    const utils = reading.gpuUtilPercents;
    if (utils.length === 0) return unknown('no GPU utilisation reported');
    let busiest = -1;
    for (let index = 0; index < utils.length; index += 1) {
      const value = utils[index];
      if (readable(value) && (busiest === -1 || value > utils[busiest]!)) busiest = index;
    }
    const top = busiest === -1 ? null : utils[busiest]!;
    if (top !== null && top >= thresholdPercent) {
      return {
        busy: true,
        unknown: false,
        reason: `GPU ${busiest} at ${top}% (threshold ${thresholdPercent}%)`,
      };
    }
    const unreadable = utils.flatMap((value, index) => (readable(value) ? [] : [index]));
    if (unreadable.length > 0) return unknown(`no utilisation (N/A) for GPU ${unreadable.join(', ')}`);
    return { busy: false, reason: `busiest GPU at ${top}% (below ${thresholdPercent}%)` };
  }

  const cpu = reading.cpuPercent;
  if (!readable(cpu)) return unknown('no CPU utilisation reported on a CPU pod');
  if (cpu >= thresholdPercent) {
    return { busy: true, unknown: false, reason: `CPU at ${cpu}% (threshold ${thresholdPercent}%)` };
  }
  return { busy: false, reason: `CPU at ${cpu}% (below ${thresholdPercent}%)` };
}
