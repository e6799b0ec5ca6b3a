import { GraphQLError } from 'graphql';
import { findDataCenter, findGpuModel } from '../catalog.js';
import {
  applyPodAction,
  containerStartedAt,
  lastStatusChange,
  parsePorts,
  PodActionError,
  gpuUuid,
  podPhase,
  type PodPhase,
  type PodRecord,
  podRate,
  publicPortFor,
  sampleSubject,
  stopPending,
} from '../pods.js';
import { type PodSample, round1, round2, samplePod } from '../profiles.js';
import { mix } from '../random.js';
import { gpuDisplayName } from '../rest-views.js';
import { type EndpointRecord, workerHostSuffix, workerStatus, type WorkerRecord } from '../serverless.js';
import { type PodAction } from '../types.js';
import { type World } from '../world.js';

/**
 * Resolvers. Sources are small classes whose getters compute a field only when a query asks for
 * it (graphql-js reads `source[field]`), so that `myself { pods { id } }` over 10,000 pods never
 * samples telemetry, and one pod's sample is computed once per request.
 */

export interface GqlContext {
  world: World;
  /** The request's moment: every field of one response describes the same instant. */
  t: number;
}

/** A JavaScript Date string in UTC, the form `lastStatusChange` embeds. */
function jsDateString(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${days[d.getUTCDay()] ?? ''} ${months[d.getUTCMonth()] ?? ''} ${pad(d.getUTCDate())} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT+0000 (Coordinated Universal Time)`
  );
}

function runpodError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'RUNPOD' } });
}

export class GqlPod {
  private readonly phase: PodPhase;
  private sampleCache: PodSample | null = null;

  constructor(
    private readonly pod: PodRecord,
    private readonly ctx: GqlContext,
  ) {
    this.phase = podPhase(pod, ctx.world.transitions, ctx.t);
  }

  private get running(): boolean {
    return this.phase === 'RUNNING';
  }

  private sample(): PodSample {
    this.sampleCache ??= samplePod(sampleSubject(this.pod), this.ctx.t);
    return this.sampleCache;
  }

  private startedAt(): number | null {
    return containerStartedAt(this.pod, this.ctx.world.transitions, this.ctx.t);
  }

  get id() {
    return this.pod.id;
  }
  get name() {
    return this.pod.name;
  }
  /** The *desired* state: EXITED as soon as a stop is accepted, RUNNING while booting. */
  get desiredStatus() {
    if (this.phase === 'TERMINATED' || this.phase === 'GONE') return 'TERMINATED';
    if (this.phase === 'EXITED' || stopPending(this.pod, this.ctx.t)) return 'EXITED';
    return 'RUNNING';
  }
  get imageName() {
    return this.pod.image;
  }
  /** The pod's rental rate: GraphQL keeps it when stopped (REST `cost` drops to 0). */
  get costPerHr() {
    return this.pod.ratePerHr;
  }
  get adjustedCostPerHr() {
    return this.pod.ratePerHr;
  }
  get gpuCount() {
    return this.pod.gpu?.count ?? 0;
  }
  get vcpuCount() {
    return this.pod.vcpuCount;
  }
  get memoryInGb() {
    return this.pod.memoryInGb;
  }
  get containerDiskInGb() {
    return this.pod.containerDiskInGb;
  }
  get volumeInGb() {
    return this.pod.volumeInGb;
  }
  get volumeMountPath() {
    return this.pod.volumeMountPath;
  }
  get ports() {
    return this.pod.ports.join(',');
  }
  get port() {
    return parsePorts(this.pod.ports)[0]?.port ?? null;
  }
  get env() {
    return Object.entries(this.pod.env).map(([key, value]) => `${key}=${value}`);
  }
  get dockerArgs() {
    return this.pod.args;
  }
  get dockerId() {
    return this.running
      ? mix(this.pod.key, this.pod.bootAt ?? 0)
          .toString(16)
          .padStart(8, '0')
      : null;
  }
  get lastStatusChange() {
    const change = lastStatusChange(this.pod, this.ctx.t);
    return `${change.text}: ${jsDateString(change.at)}`;
  }
  get lastStartedAt() {
    const startedAt = this.startedAt();
    return startedAt === null ? null : new Date(startedAt).toISOString();
  }
  get createdAt() {
    return new Date(this.pod.createdAt).toISOString();
  }
  get uptimeSeconds() {
    const startedAt = this.startedAt();
    return this.running && startedAt !== null ? Math.floor((this.ctx.t - startedAt) / 1000) : 0;
  }
  get machineId() {
    return this.pod.machineId;
  }
  get podType() {
    return this.pod.interruptible ? 'INTERRUPTABLE' : 'RESERVED';
  }
  get locked() {
    return this.pod.locked;
  }
  get templateId() {
    return null;
  }
  get networkVolumeId() {
    return null;
  }
  get cpuFlavorId() {
    return this.pod.cpu?.flavorId ?? null;
  }
  get consumerUserId() {
    return SIM_USER_ID;
  }
  get slsVersion() {
    return 0;
  }
  get version() {
    return 0;
  }

  get runtime() {
    const startedAt = this.startedAt();
    if (!this.running || startedAt === null) return null;
    const sample = this.sample();
    return {
      uptimeInSeconds: Math.floor((this.ctx.t - startedAt) / 1000),
      ports: parsePorts(this.pod.ports).map((p, i) => ({
        ip: p.type === 'tcp' ? this.pod.publicIp : this.pod.privateIp,
        isIpPublic: p.type === 'tcp',
        privatePort: p.port,
        publicPort: publicPortFor(this.pod, i),
        type: p.type,
      })),
      gpus: sample.gpus.map((gpu, i) => ({
        id: this.pod.gpuUuids[i],
        gpuUtilPercent: gpu.util,
        memoryUtilPercent: gpu.memoryUtil,
      })),
      container: { cpuPercent: sample.cpuPercent, memoryPercent: sample.memoryPercent },
    };
  }

  get machine() {
    const model = this.pod.gpu ? findGpuModel(this.pod.gpu.typeId) : undefined;
    return {
      podHostId: `${this.pod.id}-${this.pod.hostSuffix}`,
      gpuDisplayName: gpuDisplayName(this.pod),
      gpuTypeId: this.pod.gpu?.typeId ?? null,
      location: findDataCenter(this.pod.dataCenterId)?.country ?? null,
      dataCenterId: this.pod.dataCenterId,
      costPerHr: this.pod.ratePerHr,
      currentPricePerGpu: model ? this.pod.ratePerHr / Math.max(1, this.pod.gpu?.count ?? 1) : null,
      secureCloud: this.pod.cloud === 'SECURE',
      supportPublicIp: true,
      cpuCount: Math.max(16, this.pod.vcpuCount),
      vcpuTotal: Math.max(16, this.pod.vcpuCount) * 2,
      memoryTotal: Math.max(64, this.pod.memoryInGb * 2),
      diskMBps: 2000 + (this.pod.key % 6) * 500,
      maxDownloadSpeedMbps: 1000 * (1 + (this.pod.key % 10)),
      maxUploadSpeedMbps: 800 * (1 + (this.pod.key % 10)),
    };
  }

  get latestTelemetry() {
    const startedAt = this.startedAt();
    if (!this.running || startedAt === null) return null;
    const sample = this.sample();
    const gpus = sample.gpus.map((gpu, i) => ({
      id: this.pod.gpuUuids[i] ?? null,
      percentUtilization: gpu.util,
      temperatureCelcius: gpu.temperatureC,
      memoryUtilization: gpu.memoryUtil,
      powerWatts: gpu.powerW,
    }));
    const average = (pick: (g: (typeof gpus)[number]) => number) =>
      gpus.reduce((sum, g) => sum + pick(g), 0) / Math.max(1, gpus.length);
    return {
      state: 'RUNNING',
      time: new Date(Math.floor(this.ctx.t / 1000) * 1000).toISOString(),
      cpuUtilization: round2(sample.cpuPercent / 100),
      memoryUtilization: round2(sample.memoryPercent / 100),
      averageGpuMetrics:
        gpus.length === 0
          ? null
          : {
              id: null,
              percentUtilization: round1(average((g) => g.percentUtilization)),
              temperatureCelcius: round1(average((g) => g.temperatureCelcius)),
              memoryUtilization: round1(average((g) => g.memoryUtilization)),
              powerWatts: round2(average((g) => g.powerWatts)),
            },
      individualGpuMetrics: gpus,
      lastStateTransitionTimestamp: Math.floor(startedAt / 1000),
    };
  }
}

export const SIM_USER_ID = 'user_2simulatorPodwatchAccount';

/** A serverless worker as GraphQL shows it (`endpoints { pods { … } }`). */
function workerPod(ep: EndpointRecord, worker: WorkerRecord, ctx: GqlContext) {
  const status = workerStatus(worker, ctx.t);
  const ready = status !== 'INITIALIZING';
  return {
    id: worker.id,
    name: `${ep.name}-worker`,
    desiredStatus: 'RUNNING',
    imageName: ep.image,
    costPerHr: ep.workerRatePerHr,
    adjustedCostPerHr: ep.workerRatePerHr,
    gpuCount: ep.gpuCount,
    vcpuCount: 8 * ep.gpuCount,
    memoryInGb: 46 * ep.gpuCount,
    containerDiskInGb: ep.disk,
    volumeInGb: 0,
    ports: ep.ports.join(','),
    env: Object.entries(ep.env).map(([key, value]) => `${key}=${value}`),
    machineId: `${worker.id}m`,
    podType: 'BACKGROUND',
    slsVersion: worker.version,
    version: worker.version,
    createdAt: new Date(worker.createdAt).toISOString(),
    uptimeSeconds: ready ? Math.floor((ctx.t - worker.readyAt) / 1000) : 0,
    lastStatusChange: `Rented by User: ${jsDateString(worker.createdAt)}`,
    machine: {
      podHostId: `${worker.id}-${workerHostSuffix(ep, worker)}`,
      gpuTypeId: worker.gpuTypeId,
      gpuDisplayName: worker.gpuTypeId ? (findGpuModel(worker.gpuTypeId)?.name ?? worker.gpuTypeId) : null,
      dataCenterId: worker.dataCenterId,
      location: findDataCenter(worker.dataCenterId)?.country ?? null,
    },
    runtime: ready
      ? {
          uptimeInSeconds: Math.floor((ctx.t - worker.readyAt) / 1000),
          ports: [],
          gpus: Array.from({ length: ep.gpuCount }, (_, i) => ({
            id: `GPU-${worker.id}-${i}`,
            gpuUtilPercent: status === 'RUNNING' ? 92 : 0,
            memoryUtilPercent: status === 'RUNNING' ? 70 : 35,
          })),
          container: { cpuPercent: status === 'RUNNING' ? 40 : 2, memoryPercent: 30 },
        }
      : null,
    latestTelemetry: null,
  };
}

class GqlEndpoint {
  constructor(
    private readonly ep: EndpointRecord,
    private readonly ctx: GqlContext,
  ) {}

  get id() {
    return this.ep.id;
  }
  get name() {
    return this.ep.name;
  }
  get aiKey() {
    return null;
  }
  get gpuIds() {
    return this.ep.pools.join(',');
  }
  get idleTimeout() {
    return this.ep.idleTimeoutS;
  }
  get locations() {
    return this.ep.dataCenterIds.length > 0 ? this.ep.dataCenterIds.join(',') : null;
  }
  get networkVolumeId() {
    return this.ep.networkVolumes[0] ?? null;
  }
  get scalerType() {
    return this.ep.scaling.type;
  }
  get scalerValue() {
    return this.ep.scaling.type === 'QUEUE_DELAY' ? this.ep.scaling.queueDelay : this.ep.scaling.requestCount;
  }
  get templateId() {
    return null;
  }
  get type() {
    return 'QB';
  }
  get userId() {
    return SIM_USER_ID;
  }
  get version() {
    return this.ep.version;
  }
  get workersMax() {
    return this.ep.workersMax;
  }
  get workersMin() {
    return this.ep.workersMin;
  }
  get workersStandby() {
    return this.ep.workersMin;
  }
  get gpuCount() {
    return this.ep.gpuCount;
  }
  get env() {
    return Object.entries(this.ep.env).map(([key, value]) => ({ key, value }));
  }
  get createdAt() {
    return new Date(this.ep.createdAt).toISOString();
  }
  get allowedCudaVersions() {
    return this.ep.allowedCudaVersions.join(',');
  }
  get executionTimeoutMs() {
    return this.ep.timeoutMs;
  }
  get computeType() {
    return 'GPU';
  }
  get networkVolume() {
    return null;
  }
  get pods() {
    return this.ep.workers.map((worker) => workerPod(this.ep, worker, this.ctx));
  }
}

class GqlUser {
  private balanceCache: number | null = null;

  constructor(private readonly ctx: GqlContext) {}

  /** Sums every pod's spend: computed once per request however many fields need it. */
  private balance(): number {
    this.balanceCache ??= this.ctx.world.clientBalance(this.ctx.t);
    return this.balanceCache;
  }

  get id() {
    return SIM_USER_ID;
  }
  get email() {
    return 'demo@podwatch.local';
  }
  get currentSpendPerHr() {
    return this.ctx.world.spendPerHr(this.ctx.t);
  }
  get clientBalance() {
    return this.balance();
  }
  get spendLimit() {
    return 80;
  }
  get underBalance() {
    return this.balance() <= 0;
  }
  get pods() {
    return this.ctx.world.listedPods(this.ctx.t).map((pod) => new GqlPod(pod, this.ctx));
  }
  get endpoints() {
    return this.ctx.world.listedEndpoints(this.ctx.t).map((ep) => new GqlEndpoint(ep, this.ctx));
  }
  get serverlessDiscount() {
    return null;
  }
}

interface PodIdInput {
  input?: { podId?: string | null } | null;
}

function podOrError(ctx: GqlContext, podId: string | null | undefined): PodRecord {
  const pod = podId ? ctx.world.findLivePod(podId, ctx.t) : undefined;
  if (!pod) throw runpodError(`Pod not found: ${podId ?? '(no podId)'}`);
  return pod;
}

function act(ctx: GqlContext, pod: PodRecord, action: PodAction): void {
  try {
    applyPodAction(pod, action, ctx.world.transitions, ctx.t);
  } catch (error) {
    if (error instanceof PodActionError) {
      const verb = { start: 'resumed', stop: 'stopped', restart: 'restarted', terminate: 'terminated' }[
        action
      ];
      throw runpodError(`This pod cannot be ${verb} while it is ${error.status}.`);
    }
    throw error;
  }
}

/** Root resolvers (graphql-js calls rootValue functions with (args, context)). */
export const rootValue = {
  myself: (_args: unknown, ctx: GqlContext) => new GqlUser(ctx),
  pod: (args: PodIdInput, ctx: GqlContext) => {
    const podId = args.input?.podId;
    const pod = podId ? ctx.world.findPod(podId, ctx.t) : undefined;
    if (!pod) throw runpodError(`Pod not found: ${podId ?? '(no podId)'}`);
    return new GqlPod(pod, ctx);
  },
  podStop: (args: { input: { podId: string } }, ctx: GqlContext) => {
    const pod = podOrError(ctx, args.input.podId);
    act(ctx, pod, 'stop');
    return new GqlPod(pod, ctx);
  },
  podResume: (args: { input: { podId: string; gpuCount?: number | null } }, ctx: GqlContext) => {
    const pod = podOrError(ctx, args.input.podId);
    const gpuCount = args.input.gpuCount;
    if (gpuCount !== undefined && gpuCount !== null && pod.gpu && gpuCount !== pod.gpu.count) {
      const model = findGpuModel(pod.gpu.typeId);
      if (gpuCount < 1 || !model || gpuCount > model.maxSecure) {
        throw runpodError(
          'There are no longer any instances available with the requested specifications. Please refresh and try again.',
        );
      }
      const status = podPhase(pod, ctx.world.transitions, ctx.t);
      if (status === 'EXITED' || status === 'ERROR') {
        pod.gpu.count = gpuCount;
        pod.ratePerHr = podRate({ gpuTypeId: pod.gpu.typeId, gpuCount, cpu: null, cloud: pod.cloud });
        pod.gpuUuids = Array.from({ length: gpuCount }, (_, i) => gpuUuid(pod.key, i));
        pod.busyGpuIndex = pod.key % gpuCount;
      }
    }
    act(ctx, pod, 'start');
    return new GqlPod(pod, ctx);
  },
  podTerminate: (args: { input: { podId: string } }, ctx: GqlContext) => {
    const pod = podOrError(ctx, args.input.podId);
    act(ctx, pod, 'terminate');
    return null;
  },
};
