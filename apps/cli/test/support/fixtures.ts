/** API answers as the dashboard receives them, for rendering tests. Times are fixed. */
import type {
  DashboardResponse,
  InstanceSnapshot,
  InstanceTimeline,
  PodView,
  TelemetrySeries,
  TelemetryView,
} from '@podwatch/shared';

export const NOW = Date.parse('2026-11-22T12:00:00.000Z');

export const iso = (offsetSeconds: number): string => new Date(NOW + offsetSeconds * 1000).toISOString();

export function podView(overrides: Partial<PodView> = {}): PodView {
  return {
    id: 'h7x2k9q4m3p8za',
    name: 'trainer',
    status: 'RUNNING',
    costPerHr: 2.69,
    gpu: { typeId: 'NVIDIA H100 80GB HBM3', displayName: 'H100 SXM', count: 1 },
    vcpuCount: 16,
    memoryInGb: 125,
    containerDiskInGb: 50,
    volumeInGb: 100,
    dataCenterId: 'US-KS-2',
    image: 'runpod/pytorch:2.8.0',
    createdAt: iso(-86_400),
    startedAt: iso(-7_200),
    uptimeSeconds: 7_200,
    utilization: { gpuMaxPercent: 97, cpuPercent: 44, memoryPercent: 68 },
    ports: [{ privatePort: 22, publicPort: 22022, type: 'tcp', ip: '203.0.113.7', url: null }],
    sshCommand: 'ssh root@203.0.113.7 -p 22022',
    instance: 'trainer',
    lastSeenAt: iso(-10),
    gone: false,
    ...overrides,
  };
}

export function telemetryView(overrides: Partial<TelemetryView> = {}): TelemetryView {
  return {
    time: iso(-10),
    source: 'runpod',
    cpuPercent: 42,
    memoryPercent: 61,
    gpuUtilMax: 97,
    gpuUtilAvg: 97,
    gpuMemPercent: 80,
    temperatureC: 71,
    powerWatts: 590,
    gpus: [
      { index: 0, id: 'GPU-0', utilPercent: 97, memoryUtilPercent: 80, temperatureC: 71, powerWatts: 590 },
    ],
    ...overrides,
  };
}

export function snapshot(overrides: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  const name = overrides.instance ?? 'trainer';
  return {
    instance: name,
    config: {
      name,
      type: 'pod',
      source: 'config',
      podId: 'h7x2k9q4m3p8za',
      endpointId: null,
      inactivitySeconds: 1800,
      onIdle: 'stop',
      onOrphan: 'report',
      protect: false,
      gpuUtilThreshold: 10,
      warnBeforeSeconds: 300,
      canCreate: false,
    },
    updatedAt: iso(-10),
    pod: podView({ name, instance: name }),
    telemetry: telemetryView(),
    lastRunAt: iso(-1230),
    lastActivity: { signal: 'gpu', at: iso(-1230), detail: 'GPU 0 at 97% (threshold 10%)' },
    inactivitySeconds: 1800,
    killAt: iso(570),
    timeUntilKill: 570,
    state: 'counting',
    stale: false,
    staleReason: null,
    staleSince: null,
    collectedAt: iso(-10),
    flushedAt: null,
    serverless: null,
    agents: [],
    ...overrides,
  };
}

export function unmanagedPod(overrides: Partial<PodView> = {}): PodView {
  return podView({
    id: 'l5k7j9h2g4f6ee',
    name: 'llm-finetune',
    costPerHr: 3.48,
    gpu: { typeId: 'NVIDIA A100-SXM4-80GB', displayName: 'A100 SXM', count: 2 },
    volumeInGb: 150,
    instance: null,
    ...overrides,
  });
}

export function dashboard(overrides: Partial<DashboardResponse> = {}): DashboardResponse {
  const instances = overrides.instances ?? [
    snapshot(),
    snapshot({
      instance: 'notebook',
      pod: podView({
        id: 'n2b5d8f1g4k7mc',
        name: 'notebook',
        instance: 'notebook',
        costPerHr: 0.69,
        volumeInGb: 20,
      }),
      telemetry: telemetryView({ gpuUtilMax: 0, gpuUtilAvg: 0, cpuPercent: 2 }),
      lastActivity: null,
      killAt: iso(95),
      state: 'counting',
    }),
  ];
  return {
    generatedAt: iso(0),
    demo: false,
    kpis: {
      runningPods: 3,
      burnRatePerHour: 6.86,
      projectedPerDay: 164.64,
      projectedPerMonth: 4939.2,
      activeAgents: 0,
      idleWasteToday: null,
    },
    instances,
    unmanagedPods: [unmanagedPod()],
    unmanagedSummary: { total: 1, running: 1, burnRatePerHour: unmanagedPod().costPerHr, listed: 1 },
    serverless: [],
    collector: {
      lastSuccessAt: iso(-10),
      lastAttemptAt: iso(-10),
      lastError: null,
      intervalSeconds: 60,
      stale: false,
    },
    graphql: {
      state: 'on',
      mode: 'auto',
      retiredAt: null,
      retiredBecause: null,
      lastOkAt: iso(-10),
      lastError: null,
      notice: null,
    },
    ...overrides,
  };
}

/** Twenty minutes of one-minute buckets for `instance`, CPU climbing from 20 to 58 %. */
export function series(instance = 'trainer'): TelemetrySeries {
  return {
    instance,
    podIds: ['h7x2k9q4m3p8za'],
    from: iso(-3600),
    to: iso(0),
    bucketSeconds: 60,
    resolution: 'raw',
    points: Array.from({ length: 20 }, (_, i) => ({
      time: iso(-1200 + i * 60),
      samples: 1,
      cpuPercent: 20 + i * 2,
      memoryPercent: 60,
      gpuUtilMax: 95,
      gpuUtilAvg: 95,
      gpuMemPercent: 80,
      temperatureC: 70,
      powerWatts: 580,
      costPerHr: 2.69,
      gpuUtil: [95],
    })),
  };
}

export function timeline(instance = 'trainer'): InstanceTimeline {
  return {
    instance,
    entries: [
      {
        type: 'activity',
        at: iso(-1230),
        signal: 'gpu',
        detail: 'GPU 0 at 97% (threshold 10%)',
        podId: 'h7x2k9q4m3p8za',
      },
    ],
  };
}
