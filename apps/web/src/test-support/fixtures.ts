/** Response shapes for unit tests, shaped like the demo fleet's real answers. */
import type {
  DashboardResponse,
  InstanceSnapshot,
  PodView,
  PruneDecision,
  PruneRunView,
  TelemetrySeries,
} from '@podwatch/shared';

export const NOW = Date.parse('2026-11-22T20:30:00.000Z');

export function pod(overrides: Partial<PodView> = {}): PodView {
  return {
    id: 'n2b5d8f1g4k7mc',
    name: 'notebook',
    status: 'RUNNING',
    costPerHr: 0.69,
    gpu: { typeId: 'NVIDIA GeForce RTX 4090', displayName: 'RTX 4090', count: 1 },
    vcpuCount: 16,
    memoryInGb: 46,
    containerDiskInGb: 50,
    volumeInGb: 20,
    dataCenterId: 'US-TX-3',
    image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
    createdAt: '2026-11-22T16:48:22.960Z',
    startedAt: '2026-11-22T16:48:27.960Z',
    uptimeSeconds: 13_204,
    utilization: { gpuMaxPercent: 0, cpuPercent: 3, memoryPercent: 41 },
    ports: [
      {
        privatePort: 8888,
        publicPort: 45990,
        type: 'http',
        ip: '100.65.154.141',
        url: 'https://n2b5d8f1g4k7mc-8888.proxy.runpod.net',
      },
      { privatePort: 22, publicPort: 45991, type: 'tcp', ip: '78.27.169.99', url: null },
    ],
    sshCommand: 'ssh root@78.27.169.99 -p 45991 -i ~/.ssh/id_ed25519',
    instance: 'notebook',
    lastSeenAt: '2026-11-22T20:29:55.000Z',
    gone: false,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  const name = overrides.instance ?? 'notebook';
  return {
    instance: name,
    config: {
      name,
      type: 'pod',
      source: 'config',
      podId: 'n2b5d8f1g4k7mc',
      endpointId: null,
      inactivitySeconds: 1_200,
      onIdle: 'stop',
      onOrphan: 'report',
      protect: false,
      gpuUtilThreshold: 10,
      warnBeforeSeconds: 300,
      canCreate: false,
    },
    updatedAt: '2026-11-22T20:29:55.000Z',
    pod: pod(),
    telemetry: {
      time: '2026-11-22T20:29:55.000Z',
      source: 'runpod',
      cpuPercent: 5,
      memoryPercent: 39,
      gpuUtilMax: 1,
      gpuUtilAvg: 1,
      gpuMemPercent: 54,
      temperatureC: 37,
      powerWatts: 41.1,
      gpus: [
        { index: 0, id: 'GPU-0', utilPercent: 1, memoryUtilPercent: 54, temperatureC: 37, powerWatts: 41.1 },
      ],
    },
    lastRunAt: null,
    lastActivity: null,
    inactivitySeconds: 1_200,
    killAt: new Date(NOW + 600_000).toISOString(),
    timeUntilKill: 600,
    state: 'counting',
    stale: false,
    staleReason: null,
    staleSince: null,
    collectedAt: '2026-11-22T20:29:55.000Z',
    flushedAt: null,
    serverless: null,
    agents: [],
    ...overrides,
  };
}

export function dashboard(overrides: Partial<DashboardResponse> = {}): DashboardResponse {
  return {
    generatedAt: new Date(NOW).toISOString(),
    demo: true,
    kpis: {
      runningPods: 2,
      burnRatePerHour: 3.38,
      projectedPerDay: 81.12,
      projectedPerMonth: 2433.6,
      activeAgents: 0,
      idleWasteToday: null,
    },
    instances: [
      snapshot(),
      snapshot({
        instance: 'trainer',
        state: 'active',
        pod: pod({ id: 'h7x2k9q4m3p8za', name: 'trainer', costPerHr: 2.69 }),
        killAt: new Date(NOW + 7_000_000).toISOString(),
      }),
    ],
    unmanagedPods: [pod({ id: 'l5k7j9h2g4f6ee', name: 'llm-finetune', instance: null, costPerHr: 3.48 })],
    unmanagedSummary: { total: 1, running: 1, burnRatePerHour: 3.48, listed: 1 },
    serverless: [],
    collector: {
      lastSuccessAt: '2026-11-22T20:29:55.000Z',
      lastAttemptAt: '2026-11-22T20:29:54.000Z',
      lastError: null,
      intervalSeconds: 60,
      stale: false,
    },
    graphql: {
      state: 'on',
      mode: 'auto',
      retiredAt: null,
      retiredBecause: null,
      lastOkAt: '2026-11-22T20:29:55.000Z',
      lastError: null,
      notice: null,
    },
    ...overrides,
  };
}

export function series(points: number, gpus = 1): TelemetrySeries {
  const from = NOW - 3_600_000;
  return {
    instance: 'trainer',
    podIds: ['h7x2k9q4m3p8za'],
    from: new Date(from).toISOString(),
    to: new Date(NOW).toISOString(),
    bucketSeconds: 12,
    resolution: 'raw',
    points: Array.from({ length: points }, (_, i) => ({
      time: new Date(from + i * 12_000).toISOString(),
      samples: 1,
      cpuPercent: 40 + i,
      memoryPercent: 60,
      gpuUtilMax: 90,
      gpuUtilAvg: 80,
      gpuMemPercent: 84,
      temperatureC: 71,
      powerWatts: 568.3,
      costPerHr: 2.69,
      gpuUtil: Array.from({ length: gpus }, (_, g) => 80 + g),
    })),
  };
}

export function decision(overrides: Partial<PruneDecision> = {}): PruneDecision {
  return {
    instance: 'stalled-job',
    podId: 's6t1a8l3d5j2xo',
    action: 'stop',
    code: 'due',
    reason: 'countdown at zero, data fresh, no activity',
    killAt: new Date(NOW - 1_000).toISOString(),
    timeUntilKill: 0,
    result: 'planned',
    ...overrides,
  };
}

export function pruneRun(overrides: Partial<PruneRunView> = {}): PruneRunView {
  return {
    id: 'd339a0cc-cb23-4cd5-9c11-107b7ff3d07b',
    trigger: 'web',
    dryRun: true,
    instanceFilter: null,
    status: 'succeeded',
    startedAt: new Date(NOW).toISOString(),
    finishedAt: new Date(NOW + 19).toISOString(),
    summary: {
      instances: 8,
      due: 1,
      stopped: 0,
      terminated: 0,
      scaledToZero: 0,
      flushed: 0,
      confirmationFailures: 0,
      skipped: 0,
      warnings: 0,
      orphans: 0,
    },
    decisions: [
      decision(),
      decision({
        instance: 'notebook',
        podId: 'n2b5d8f1g4k7mc',
        action: 'none',
        code: 'counting',
        reason: '00:09:46 left',
        result: 'none',
      }),
    ],
    steps: [],
    ...overrides,
  };
}
