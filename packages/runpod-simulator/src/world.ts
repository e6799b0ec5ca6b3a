import { accrued, coveredMs, overlapMs } from './billing.js';
import {
  DISK_RUNNING_PER_GB_MONTH,
  findCpuFlavor,
  findDataCenter,
  findGpuModel,
  HOURS_PER_MONTH,
  SERVERLESS_POOLS,
  VOLUME_STOPPED_PER_GB_MONTH,
} from './catalog.js';
import { SimInputError } from './errors.js';
import { DEMO_FLEET, generatePodInputs } from './fleet.js';
import { buildPod, podCost, podPhase, type PodRecord, type PodSpec, type TransitionTimes } from './pods.js';
import { hashString, mix, podStyleId, Rng } from './random.js';
import { advanceEndpoint, buildEndpoint, type EndpointRecord } from './serverless.js';
import {
  PROFILE_NAMES,
  type ProfileName,
  type RateLimitPolicy,
  type SimClock,
  type SimEndpointInput,
  type SimPodInput,
  type SimQuirks,
  type GraphqlState,
} from './types.js';

export interface ResolvedOptions {
  seed: number;
  transitions: TransitionTimes;
  apiKey: string | null;
  rateLimit: RateLimitPolicy | false;
  latencyMs: number;
  contract: 'off' | 'record';
  balance: number;
  demo: boolean;
  pods: number | SimPodInput[];
  endpoints: SimEndpointInput[];
  quirks: SimQuirks;
  graphql: GraphqlState;
  pageSize: number | null;
}

const POD_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const STATUSES = ['PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR'] as const;

const isCount = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Type checks for what the control API can send (TypeScript callers get them from the types). */
function checkInput(input: SimPodInput): void {
  const fail = (message: string) => {
    throw new SimInputError(message);
  };
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name === ''))
    fail('name must be a non-empty string');
  if (input.image !== undefined && typeof input.image !== 'string') fail('image must be a string');
  if (input.uptimeSeconds !== undefined && !isCount(input.uptimeSeconds))
    fail('uptimeSeconds must be a non-negative integer');
  if (input.costPerHr !== undefined && !(typeof input.costPerHr === 'number' && input.costPerHr >= 0)) {
    fail('costPerHr must be a non-negative number');
  }
  if (
    input.containerDiskInGb !== undefined &&
    !(isCount(input.containerDiskInGb) && input.containerDiskInGb >= 1)
  ) {
    fail('containerDiskInGb must be an integer of at least 1');
  }
  if (input.cloud !== undefined && input.cloud !== 'SECURE' && input.cloud !== 'COMMUNITY')
    fail('cloud must be SECURE or COMMUNITY');
  if (
    input.ports !== undefined &&
    !(Array.isArray(input.ports) && input.ports.every((p) => typeof p === 'string'))
  ) {
    fail('ports must be an array of strings such as "8888/http"');
  }
  if (
    input.env !== undefined &&
    (typeof input.env !== 'object' ||
      input.env === null ||
      Object.values(input.env).some((v) => typeof v !== 'string'))
  ) {
    fail('env must be an object of strings');
  }
  if (
    input.cluster !== undefined &&
    !(
      typeof input.cluster === 'object' &&
      input.cluster !== null &&
      typeof input.cluster.id === 'string' &&
      input.cluster.id !== '' &&
      (input.cluster.rank === undefined || isCount(input.cluster.rank))
    )
  ) {
    fail('cluster must be { id: non-empty string, rank?: non-negative integer }');
  }
  for (const flag of ['locked', 'interruptible', 'stuck'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') fail(`${flag} must be a boolean`);
  }
}

/**
 * Everything the simulator knows: pods, endpoints, the clock and the account. Derived values
 * (status, cost, telemetry) are computed from it at read time.
 */
export class World {
  readonly pods = new Map<string, PodRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  /** The balance falls from `options.balance` as spend accrues after this moment. */
  balanceAnchor = 0;
  quirks: SimQuirks;
  graphql: GraphqlState;
  serverlessUrl = '';
  private createRng: Rng;

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: SimClock,
  ) {
    this.quirks = { ...options.quirks };
    this.graphql = options.graphql;
    this.createRng = new Rng(mix(options.seed, 2));
    this.populate();
  }

  now(): number {
    return this.clock.now().getTime();
  }

  get transitions(): TransitionTimes {
    return this.options.transitions;
  }

  /** Back to the initial fleet (anchored at the current time; the clock does not move back). */
  reset(): void {
    this.pods.clear();
    this.endpoints.clear();
    this.quirks = { ...this.options.quirks };
    this.graphql = this.options.graphql;
    this.createRng = new Rng(mix(this.options.seed, 2));
    this.populate();
  }

  private populate(): void {
    const t = this.now();
    this.balanceAnchor = t;
    const inputs: SimPodInput[] = [];
    const endpointInputs: SimEndpointInput[] = [];
    if (this.options.demo) {
      inputs.push(...DEMO_FLEET.pods);
      endpointInputs.push(...DEMO_FLEET.endpoints);
    }
    if (typeof this.options.pods === 'number') {
      const taken = new Set(inputs.map((input) => input.id ?? ''));
      inputs.push(...generatePodInputs(this.options.pods, new Rng(this.options.seed), taken));
    } else {
      inputs.push(...this.options.pods);
    }
    endpointInputs.push(...this.options.endpoints);
    for (const input of inputs) this.addPod(input, t);
    for (const input of endpointInputs) this.addEndpoint(input, t);
  }

  newPodId(): string {
    let id = podStyleId(this.createRng);
    while (this.pods.has(id) || this.endpoints.has(id)) id = podStyleId(this.createRng);
    return id;
  }

  /** A pod that exists at `t` (including a recently TERMINATED one). */
  findPod(id: string, t: number): PodRecord | undefined {
    const pod = this.pods.get(id);
    if (!pod || podPhase(pod, this.transitions, t) === 'GONE') return undefined;
    return pod;
  }

  /** A pod that can still be changed at `t`: a TERMINATED one is readable by id but gone for writes. */
  findLivePod(id: string, t: number): PodRecord | undefined {
    const pod = this.pods.get(id);
    if (!pod) return undefined;
    const phase = podPhase(pod, this.transitions, t);
    return phase === 'GONE' || phase === 'TERMINATED' ? undefined : pod;
  }

  /**
   * Pods that listings show at `t`: terminated ones are gone from listings at once, and cluster
   * members appear only when asked for (RunPod's `includeClusterPods`).
   */
  listedPods(t: number, includeClusterPods = true): PodRecord[] {
    const listed: PodRecord[] = [];
    for (const pod of this.pods.values()) {
      if (pod.cluster !== null && !includeClusterPods) continue;
      if (pod.terminateAt === null || t < pod.terminateAt) listed.push(pod);
    }
    return listed;
  }

  findEndpoint(id: string, t: number): EndpointRecord | undefined {
    const ep = this.endpoints.get(id);
    if (ep) advanceEndpoint(ep, t);
    return ep;
  }

  listedEndpoints(t: number): EndpointRecord[] {
    const all = [...this.endpoints.values()];
    for (const ep of all) advanceEndpoint(ep, t);
    return all;
  }

  /** Σ cost of the pods that bill at `t` ($/h): `myself.currentSpendPerHr`. */
  spendPerHr(t: number): number {
    let total = 0;
    for (const pod of this.pods.values()) {
      const status = podPhase(pod, this.transitions, t);
      if (status !== 'GONE') total += podCost(status, pod, t);
    }
    return Math.round(total * 10_000) / 10_000;
  }

  /** Pod compute and disk accrued in [a, b). */
  podSpend(pod: PodRecord, a: number, b: number, t: number): { compute: number; disk: number } {
    const compute = accrued(pod.runs, a, b, t);
    const runningMs = coveredMs(pod.runs, a, b, t);
    const lifetimeMs = overlapMs(pod.createdAt, pod.terminateAt ?? t, a, Math.min(b, t));
    const stoppedMs = Math.max(0, lifetimeMs - runningMs);
    const runningDiskPerHr =
      ((pod.containerDiskInGb + pod.volumeInGb) * DISK_RUNNING_PER_GB_MONTH) / HOURS_PER_MONTH;
    const stoppedDiskPerHr = (pod.volumeInGb * VOLUME_STOPPED_PER_GB_MONTH) / HOURS_PER_MONTH;
    const disk = (runningMs * runningDiskPerHr + stoppedMs * stoppedDiskPerHr) / 3_600_000;
    return { compute, disk };
  }

  /** `myself.clientBalance`: the starting balance less pod spend since the anchor. */
  clientBalance(t: number): number {
    let spent = 0;
    for (const pod of this.pods.values()) {
      const { compute, disk } = this.podSpend(pod, this.balanceAnchor, t, t);
      spent += compute + disk;
    }
    return Math.round((this.options.balance - spent) * 100) / 100;
  }

  /** Adds a seeded pod at `t`, validating what the control API could send. */
  addPod(input: SimPodInput, t: number): PodRecord {
    const spec = this.podSpec(input);
    if (this.pods.has(spec.id) || this.endpoints.has(spec.id)) {
      throw new SimInputError(`a pod or endpoint with id '${spec.id}' already exists`);
    }
    const status = input.status ?? 'RUNNING';
    if (!STATUSES.includes(status)) throw new SimInputError(`status must be one of ${STATUSES.join(', ')}`);
    const rng = new Rng(mix(this.options.seed, hashString(spec.id)));
    const tr = this.transitions;
    const bootToRunning = tr.provisioningMs + tr.startingMs;
    const uptimeMs = (input.uptimeSeconds ?? rng.int(300, 3 * 24 * 3600)) * 1000;
    // Seeded pods have a past: the boot (and for EXITED the stop) happened before `t`.
    let bootAt = t;
    let stopAt: number | null = null;
    switch (status) {
      case 'RUNNING':
        bootAt = t - uptimeMs - bootToRunning;
        break;
      case 'PROVISIONING':
        break;
      case 'STARTING':
        bootAt = t - tr.provisioningMs;
        break;
      case 'ERROR':
        bootAt = t - rng.int(300, 3600) * 1000;
        break;
      case 'EXITED':
        stopAt = t - rng.int(600, 2 * 24 * 3600) * 1000;
        bootAt = stopAt - (input.uptimeSeconds !== undefined ? uptimeMs : rng.int(600, 36_000) * 1000);
        break;
    }
    const pod = buildPod(spec, this.options.seed, rng, Math.min(t, bootAt));
    pod.bootAt = bootAt;
    pod.stopAt = stopAt;
    pod.errored = status === 'ERROR';
    if (input.cluster) pod.cluster = { id: input.cluster.id, rank: input.cluster.rank ?? 0 };
    pod.runs.push({ from: bootAt, to: stopAt, ratePerHr: pod.ratePerHr });
    if (status === 'EXITED') pod.previousStartedAt = bootAt + bootToRunning;
    this.pods.set(pod.id, pod);
    return pod;
  }

  private podSpec(input: SimPodInput): PodSpec {
    const id = input.id ?? this.newPodId();
    if (typeof id !== 'string' || !POD_ID_PATTERN.test(id)) {
      throw new SimInputError(
        'id must be lowercase letters, digits and dashes (RunPod ids are 14 alphanumerics)',
      );
    }
    const profile: ProfileName = input.profile ?? 'idle';
    if (!PROFILE_NAMES.includes(profile)) {
      throw new SimInputError(`profile must be one of ${PROFILE_NAMES.join(', ')}`);
    }
    let cpu: PodSpec['cpu'] = null;
    let gpuTypeId: string | null = null;
    let gpuCount = 0;
    if (input.cpu) {
      const flavor = findCpuFlavor(input.cpu.flavorId);
      if (!flavor) throw new SimInputError(`unknown CPU flavor '${input.cpu.flavorId}'`);
      if (!flavor.vcpuCounts.includes(input.cpu.vcpuCount)) {
        throw new SimInputError(`vcpuCount for ${flavor.id} must be one of ${flavor.vcpuCounts.join(', ')}`);
      }
      cpu = { flavorId: flavor.id, vcpuCount: input.cpu.vcpuCount };
    } else {
      const model = findGpuModel(input.gpuTypeId ?? 'NVIDIA GeForce RTX 4090');
      if (!model) throw new SimInputError(`unknown GPU type '${input.gpuTypeId ?? ''}'`);
      gpuTypeId = model.id;
      gpuCount = input.gpuCount ?? 1;
      if (!Number.isInteger(gpuCount) || gpuCount < 1 || gpuCount > model.maxSecure) {
        throw new SimInputError(`gpuCount must be an integer from 1 to ${model.maxSecure} for ${model.id}`);
      }
    }
    checkInput(input);
    const dataCenterId = input.dataCenterId ?? 'US-KS-2';
    if (!findDataCenter(dataCenterId)) throw new SimInputError(`unknown data center '${dataCenterId}'`);
    const volumeInGb = input.volumeInGb ?? 20;
    if (!Number.isInteger(volumeInGb) || (volumeInGb !== 0 && volumeInGb < 10)) {
      throw new SimInputError('volumeInGb must be 0 (no volume) or an integer of at least 10');
    }
    return {
      id,
      name: input.name ?? `pod-${id.slice(0, 6)}`,
      image: input.image ?? 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
      gpuTypeId,
      gpuCount,
      cpu,
      profile,
      cloud: input.cloud ?? 'SECURE',
      dataCenterId,
      containerDiskInGb: input.containerDiskInGb ?? 50,
      volumeInGb,
      volumeMountPath: input.volumeMountPath ?? '/workspace',
      ports: input.ports ?? ['8888/http', '22/tcp'],
      env: input.env ?? {},
      locked: input.locked ?? false,
      interruptible: input.interruptible ?? false,
      stuck: input.stuck ?? false,
      ...(input.costPerHr !== undefined ? { costPerHr: input.costPerHr } : {}),
    };
  }

  /** A pod created through the API at `t`: it starts PROVISIONING and bills from now. */
  createPod(spec: PodSpec, t: number): PodRecord {
    const pod = buildPod(spec, this.options.seed, new Rng(mix(this.options.seed, hashString(spec.id))), t);
    pod.bootAt = t;
    pod.runs.push({ from: t, to: null, ratePerHr: pod.ratePerHr });
    this.pods.set(pod.id, pod);
    return pod;
  }

  addEndpoint(input: SimEndpointInput, t: number): EndpointRecord {
    const id = input.id ?? this.newPodId();
    if (!POD_ID_PATTERN.test(id)) throw new SimInputError('endpoint id must be lowercase letters and digits');
    if (this.endpoints.has(id) || this.pods.has(id)) {
      throw new SimInputError(`a pod or endpoint with id '${id}' already exists`);
    }
    const pools = input.pools ?? ['ADA_24'];
    for (const pool of pools) {
      if (!SERVERLESS_POOLS.includes(pool)) throw new SimInputError(`unknown serverless pool '${pool}'`);
    }
    const min = input.workers?.min ?? 0;
    const max = input.workers?.max ?? 3;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
      throw new SimInputError('workers.min and workers.max must be integers with 0 <= min <= max');
    }
    const idleTimeout = input.workers?.idleTimeout ?? 5;
    if (!Number.isInteger(idleTimeout) || idleTimeout < 1 || idleTimeout > 3600) {
      throw new SimInputError('workers.idleTimeout must be an integer from 1 to 3600 seconds');
    }
    const gpuCount = input.gpuCount ?? 1;
    if (!Number.isInteger(gpuCount) || gpuCount < 1)
      throw new SimInputError('gpuCount must be a positive integer');
    if (input.coldStartSeconds !== undefined && !(input.coldStartSeconds >= 0)) {
      throw new SimInputError('coldStartSeconds must be a non-negative number');
    }
    if (input.traffic && !(input.traffic.jobsPerMinute > 0 && input.traffic.durationSeconds > 0)) {
      throw new SimInputError('traffic.jobsPerMinute and traffic.durationSeconds must be positive');
    }
    const ep = buildEndpoint(
      {
        id,
        name: input.name ?? `endpoint-${id.slice(0, 6)}`,
        image: input.image ?? 'runpod/worker-v1-vllm:v2.7.0',
        pools,
        gpuCount,
        workersMin: min,
        workersMax: max,
        idleTimeoutS: idleTimeout,
        coldStartMs: (input.coldStartSeconds ?? this.transitions.startingMs / 1000) * 1000,
        traffic: input.traffic ?? null,
      },
      this.options.seed,
      t,
    );
    this.endpoints.set(id, ep);
    return ep;
  }
}
