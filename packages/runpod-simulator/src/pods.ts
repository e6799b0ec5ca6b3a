import { type BillingRun } from './billing.js';
import { findCpuFlavor, findGpuModel, type GpuModel } from './catalog.js';
import { type SampleSubject } from './profiles.js';
import { HEX_ALPHABET, hashString, mix, type Rng } from './random.js';
import { type PodAction, type PodStatus, type ProfileName } from './types.js';

/**
 * A pod and its lifecycle. Mutations only record timestamps (boot, stop, terminate); the status
 * at any moment is derived from them on the simulator clock, so that moving a manual clock moves
 * every pod through PROVISIONING → STARTING → RUNNING without timers.
 */
export interface PodRecord {
  id: string;
  /** Instant Cluster membership: listed by `GET /v2/pods` only with `includeClusterPods=true`. */
  cluster: { id: string; rank: number } | null;
  name: string;
  image: string;
  args: string;
  gpu: { typeId: string; count: number } | null;
  cpu: { flavorId: string; vcpuCount: number; memoryInGb: number } | null;
  model: GpuModel | null;
  vcpuCount: number;
  memoryInGb: number;
  containerDiskInGb: number;
  volumeInGb: number;
  volumeMountPath: string;
  ports: string[];
  env: Record<string, string>;
  registry: string | null;
  cloud: 'SECURE' | 'COMMUNITY';
  dataCenterId: string;
  cudaVersion: string | null;
  machineId: string;
  /** The routing half of `podHostId` (`<podId>-<hostSuffix>`). */
  hostSuffix: string;
  publicIp: string;
  privateIp: string;
  /** First public port; mapped ports count up from it. */
  portBase: number;
  ratePerHr: number;
  locked: boolean;
  interruptible: boolean;
  globalNetworking: boolean;
  profile: ProfileName;
  key: number;
  busyGpuIndex: number;
  gpuUuids: string[];
  createdAt: number;
  /** Start of the current boot (create, start or restart), or null if it never booted. */
  bootAt: number | null;
  /** A restart skips PROVISIONING: the machine is already assigned. */
  bootSkipsProvisioning: boolean;
  /** When the container last reached RUNNING before the current boot. */
  previousStartedAt: number | null;
  /** When a stop takes (or took) effect. */
  stopAt: number | null;
  terminateAt: number | null;
  errored: boolean;
  stuck: boolean;
  /** After a stop takes effect, REST `cost` keeps the running rate this long (a lag seen live). */
  billingLagMs: number;
  /** Intervals during which compute was billed. */
  runs: BillingRun[];
  /** Ground truth for scenario scorecards: profile changes and actions, in order. */
  history: PodHistory;
}

/** What happened to a pod, as the simulator saw it (the scorecard's ground truth). */
export interface PodHistory {
  /** The profile from `at` on; the first entry is the pod's creation. */
  profiles: { at: number; profile: ProfileName }[];
  /** Every accepted action: who sent it and whether it took effect (a stuck pod ignores it). */
  actions: { at: number; action: PodAction; by: ActionSource; effective: boolean }[];
  /** For each closed run (same index as `runs`): when REST `cost` fell to 0 (the stop plus any billing lag). */
  billedUntil: (number | null)[];
}

/** `api`: a RunPod request (REST or GraphQL); `control`: the control API (a scenario's timeline). */
export type ActionSource = 'api' | 'control';

export interface TransitionTimes {
  provisioningMs: number;
  startingMs: number;
  stoppingMs: number;
}

/** A terminated pod stays readable by id (status TERMINATED) this long, then GET answers 404. */
export const TERMINATED_RETENTION_MS = 60_000;

export type PodPhase = PodStatus | 'GONE';

export function podPhase(pod: PodRecord, tr: TransitionTimes, t: number): PodPhase {
  if (pod.terminateAt !== null && t >= pod.terminateAt) {
    return t >= pod.terminateAt + TERMINATED_RETENTION_MS ? 'GONE' : 'TERMINATED';
  }
  if (pod.stopAt !== null && t >= pod.stopAt) return 'EXITED';
  if (pod.errored) return 'ERROR';
  if (pod.bootAt === null) return 'EXITED';
  const elapsed = t - pod.bootAt;
  const provisioning = pod.bootSkipsProvisioning ? 0 : tr.provisioningMs;
  if (elapsed < provisioning) return 'PROVISIONING';
  if (elapsed < provisioning + tr.startingMs) return 'STARTING';
  return 'RUNNING';
}

/** A stop or terminate was accepted but has not taken effect yet. */
export function stopPending(pod: PodRecord, t: number): boolean {
  return (pod.stopAt !== null && t < pod.stopAt) || (pod.terminateAt !== null && t < pod.terminateAt);
}

/** The spec's `actions`: what the current status allows. */
export function podActions(pod: PodRecord, status: PodStatus, t: number): PodAction[] {
  let actions: PodAction[];
  switch (status) {
    case 'RUNNING':
      actions = stopPending(pod, t) ? ['stop', 'terminate'] : ['stop', 'restart', 'terminate'];
      break;
    case 'PROVISIONING':
    case 'STARTING':
      actions = ['stop', 'terminate'];
      break;
    case 'EXITED':
    case 'ERROR':
      actions = ['start', 'terminate'];
      break;
    case 'TERMINATED':
      actions = [];
      break;
  }
  // "Locked pods cannot be stopped or reset."
  return pod.locked ? actions.filter((action) => action !== 'stop' && action !== 'restart') : actions;
}

/** $/h at `t`: the rate while the pod holds its machine, 0.0 when EXITED or TERMINATED. */
export function podCost(status: PodStatus, pod: PodRecord, t: number): number {
  if (status === 'TERMINATED') return 0;
  if (status === 'EXITED') {
    const lagging = pod.stopAt !== null && t < pod.stopAt + pod.billingLagMs;
    return lagging ? pod.ratePerHr : 0;
  }
  return pod.ratePerHr;
}

/** When the current (or last) container started, if it ever reached RUNNING. */
export function containerStartedAt(pod: PodRecord, tr: TransitionTimes, t: number): number | null {
  if (pod.bootAt !== null && !pod.errored) {
    const runningFrom = pod.bootAt + (pod.bootSkipsProvisioning ? 0 : tr.provisioningMs) + tr.startingMs;
    const endedAt = Math.min(pod.stopAt ?? Infinity, pod.terminateAt ?? Infinity);
    if (runningFrom <= t && runningFrom < endedAt) return runningFrom;
  }
  return pod.previousStartedAt;
}

/** The moment the last status change happened and how RunPod words it (`lastStatusChange`). */
export function lastStatusChange(pod: PodRecord, t: number): { at: number; text: string } {
  if (pod.terminateAt !== null && t >= pod.terminateAt)
    return { at: pod.terminateAt, text: 'Terminated by user' };
  if (pod.stopAt !== null && t >= pod.stopAt) return { at: pod.stopAt, text: 'Exited by user' };
  return { at: pod.bootAt ?? pod.createdAt, text: 'Rented by User' };
}

export function sampleSubject(pod: PodRecord): SampleSubject {
  return {
    key: pod.key,
    profile: pod.profile,
    gpuCount: pod.gpu?.count ?? 0,
    model: pod.model,
    busyGpuIndex: pod.busyGpuIndex,
  };
}

export class PodActionError extends Error {
  constructor(
    readonly status: PodStatus,
    readonly action: PodAction,
  ) {
    super(`action '${action}' is not valid for a pod in status ${status}`);
  }
}

/**
 * Applies an action at `t`. Throws PodActionError when the status does not allow it. A stuck
 * pod accepts the action and ignores it.
 */
export function applyPodAction(
  pod: PodRecord,
  action: PodAction,
  tr: TransitionTimes,
  t: number,
  by: ActionSource = 'api',
): void {
  const status = podPhase(pod, tr, t);
  if (status === 'GONE' || !podActions(pod, status, t).includes(action)) {
    throw new PodActionError(status === 'GONE' ? 'TERMINATED' : status, action);
  }
  pod.history.actions.push({ at: t, action, by, effective: !pod.stuck });
  if (pod.stuck) return;
  switch (action) {
    case 'start':
      pod.previousStartedAt = containerStartedAt(pod, tr, t);
      pod.bootAt = t;
      pod.bootSkipsProvisioning = false;
      pod.stopAt = null;
      pod.errored = false;
      pod.runs.push({ from: t, to: null, ratePerHr: pod.ratePerHr });
      return;
    case 'restart':
      pod.previousStartedAt = containerStartedAt(pod, tr, t);
      pod.bootAt = t;
      pod.bootSkipsProvisioning = true;
      return;
    case 'stop':
      if (stopPending(pod, t)) return;
      pod.stopAt = t + tr.stoppingMs;
      closeRun(pod, pod.stopAt);
      return;
    case 'terminate':
      if (pod.terminateAt !== null) return;
      pod.terminateAt = t + tr.stoppingMs;
      closeRun(pod, pod.terminateAt);
      return;
  }
}

/**
 * A configuration change that needs a new container (image, env, ports, disk, …) restarts a
 * booted pod in place, as RunPod's update "potentially triggering a reset" does.
 */
export function resetContainer(pod: PodRecord, tr: TransitionTimes, t: number): void {
  const status = podPhase(pod, tr, t);
  if (pod.stuck || stopPending(pod, t) || (status !== 'RUNNING' && status !== 'STARTING')) return;
  pod.previousStartedAt = containerStartedAt(pod, tr, t);
  pod.bootAt = t;
  pod.bootSkipsProvisioning = true;
}

function closeRun(pod: PodRecord, at: number): void {
  const index = pod.runs.length - 1;
  const open = pod.runs[index];
  if (open && open.to === null) {
    open.to = Math.max(open.from, at);
    pod.history.billedUntil[index] = open.to + pod.billingLagMs;
  }
}

/** Everything needed to make a pod; the fleet generator and the REST create fill it in. */
export interface PodSpec {
  id: string;
  name: string;
  image: string;
  args?: string;
  gpuTypeId: string | null;
  gpuCount: number;
  cpu?: { flavorId: string; vcpuCount: number } | null;
  profile: ProfileName;
  cloud: 'SECURE' | 'COMMUNITY';
  dataCenterId: string;
  containerDiskInGb: number;
  volumeInGb: number;
  volumeMountPath: string;
  ports: string[];
  env: Record<string, string>;
  registry?: string | null;
  locked: boolean;
  interruptible: boolean;
  globalNetworking?: boolean;
  stuck: boolean;
  costPerHr?: number;
}

/** Unit prices: what a pod of this shape costs per hour while it runs. */
export function podRate(spec: Pick<PodSpec, 'gpuTypeId' | 'gpuCount' | 'cpu' | 'cloud'>): number {
  if (spec.cpu) {
    const flavor = findCpuFlavor(spec.cpu.flavorId);
    return round4((flavor?.pricePerVcpu ?? 0.04) * spec.cpu.vcpuCount);
  }
  const model = spec.gpuTypeId ? findGpuModel(spec.gpuTypeId) : undefined;
  if (!model) return 0;
  const unitPrice =
    spec.cloud === 'COMMUNITY' && model.communityPrice !== null ? model.communityPrice : model.securePrice;
  return round4(unitPrice * spec.gpuCount);
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Builds a pod record. `seedKey` ties the derived values (machine, IPs, GPU UUIDs, telemetry) to
 * the simulator seed; `rng` supplies the machine identity.
 */
export function buildPod(spec: PodSpec, seed: number, rng: Rng, createdAt: number): PodRecord {
  const model = spec.cpu ? null : spec.gpuTypeId ? (findGpuModel(spec.gpuTypeId) ?? null) : null;
  const gpuCount = spec.cpu ? 0 : spec.gpuCount;
  const key = mix(seed, hashString(spec.id));
  const flavor = spec.cpu ? findCpuFlavor(spec.cpu.flavorId) : undefined;
  const cpu = spec.cpu
    ? {
        flavorId: spec.cpu.flavorId,
        vcpuCount: spec.cpu.vcpuCount,
        memoryInGb: spec.cpu.vcpuCount * (flavor?.memoryPerVcpu ?? 2),
      }
    : null;
  const gpuUuids: string[] = [];
  for (let i = 0; i < gpuCount; i++) gpuUuids.push(gpuUuid(key, i));
  return {
    id: spec.id,
    cluster: null,
    name: spec.name,
    image: spec.image,
    args: spec.args ?? '',
    gpu: model ? { typeId: model.id, count: gpuCount } : null,
    cpu,
    model,
    vcpuCount: cpu ? cpu.vcpuCount : Math.max(4, gpuCount * 8 + (key % 3) * 4),
    memoryInGb: cpu ? cpu.memoryInGb : Math.max(16, gpuCount * (model && model.memoryGb >= 80 ? 125 : 46)),
    containerDiskInGb: spec.containerDiskInGb,
    volumeInGb: spec.volumeInGb,
    volumeMountPath: spec.volumeMountPath,
    ports: [...spec.ports],
    env: { ...spec.env },
    registry: spec.registry ?? null,
    cloud: spec.cloud,
    dataCenterId: spec.dataCenterId,
    cudaVersion:
      model && model.cudaVersions.length > 0
        ? (model.cudaVersions[key % model.cudaVersions.length] ?? null)
        : null,
    machineId: rng.string(12, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    hostSuffix: rng.string(8, HEX_ALPHABET),
    publicIp: `${rng.int(38, 213)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    privateIp: `100.65.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    portBase: rng.int(10_000, 60_000),
    ratePerHr: spec.costPerHr ?? podRate(spec),
    locked: spec.locked,
    interruptible: spec.interruptible,
    globalNetworking: spec.globalNetworking ?? false,
    profile: spec.profile,
    key,
    busyGpuIndex: gpuCount > 0 ? key % gpuCount : 0,
    gpuUuids,
    createdAt,
    bootAt: null,
    bootSkipsProvisioning: false,
    previousStartedAt: null,
    stopAt: null,
    terminateAt: null,
    errored: false,
    stuck: spec.stuck,
    billingLagMs: 0,
    runs: [],
    history: { profiles: [{ at: createdAt, profile: spec.profile }], actions: [], billedUntil: [] },
  };
}

/** A stable NVIDIA-style GPU UUID for GPU `index` of the pod with this key. */
export function gpuUuid(key: number, index: number): string {
  const hex = (n: number, length: number) =>
    mix(key, index, n).toString(16).padStart(8, '0').slice(0, length);
  return `GPU-${hex(1, 8)}-${hex(2, 4)}-${hex(3, 4)}-${hex(4, 4)}-${hex(5, 8)}${hex(6, 4)}`;
}

/** Parsed `ports` entry (`8888/http`). */
export interface PortSpec {
  port: number;
  type: 'http' | 'tcp';
}

export function parsePorts(ports: readonly string[]): PortSpec[] {
  const parsed: PortSpec[] = [];
  for (const entry of ports) {
    const match = /^(\d{1,5})\/(http|tcp)$/i.exec(entry.trim());
    if (match?.[1] && match[2]) {
      parsed.push({ port: Number(match[1]), type: match[2].toLowerCase() === 'http' ? 'http' : 'tcp' });
    }
  }
  return parsed;
}

export function publicPortFor(pod: PodRecord, index: number): number {
  return pod.portBase + index;
}
