import { describe, expect, it } from 'vitest';
import {
  normalizeEndpoint,
  normalizeEndpointWorkers,
  normalizePod,
  normalizePodBilling,
  normalizePodStatus,
  normalizePodTelemetry,
  normalizeServerlessHealth,
} from './normalize.js';

// The spec's own example (GET /v2/pods).
const SPEC_POD = {
  id: '7h9k2m4n6p',
  name: 'pytorch-training',
  image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
  args: '',
  disk: 50,
  ports: ['8888/http', '22/tcp'],
  env: { MODEL_NAME: 'llama-3' },
  registry: null,
  status: 'RUNNING',
  actions: ['stop', 'restart', 'terminate'],
  mounts: { persistent: { size: 20, path: '/workspace' } },
  gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
  cloud: 'SECURE',
  dataCenterId: 'US-KS-2',
  cudaVersion: '12.8',
  template: '9x4m2p7v',
  cost: 0.44,
  locked: false,
  globalNetworking: { enabled: false },
  runtime: {
    uptime: 3600,
    gpus: [{ util: 97, memoryUtil: 80 }],
    cpu: { util: 12 },
    memory: { util: 40 },
    ports: [{ private: 22, public: 34446, type: 'tcp', ip: '195.26.233.3' }],
  },
  createdAt: '2026-06-01T12:00:00Z',
  startedAt: '2026-06-01T12:02:00Z',
};

describe('normalizePod', () => {
  it('reads the spec shape', () => {
    expect(normalizePod(SPEC_POD)).toEqual({
      id: '7h9k2m4n6p',
      name: 'pytorch-training',
      status: 'RUNNING',
      rawStatus: 'RUNNING',
      actions: ['stop', 'restart', 'terminate'],
      image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
      costPerHr: 0.44,
      gpu: { typeId: 'NVIDIA GeForce RTX 4090', count: 1 },
      cpu: null,
      cloud: 'SECURE',
      dataCenterId: 'US-KS-2',
      cudaVersion: '12.8',
      templateId: '9x4m2p7v',
      locked: false,
      env: { MODEL_NAME: 'llama-3' },
      ports: ['8888/http', '22/tcp'],
      args: null,
      containerDiskGb: 50,
      volume: { sizeGb: 20, mountPath: '/workspace' },
      networkVolume: null,
      clusterId: null,
      createdAt: new Date('2026-06-01T12:00:00Z'),
      startedAt: new Date('2026-06-01T12:02:00Z'),
      runtime: {
        uptimeSeconds: 3600,
        cpuPercent: 12,
        memoryPercent: 40,
        gpus: [{ id: null, utilPercent: 97, memoryUtilPercent: 80 }],
        ports: [{ privatePort: 22, publicPort: 34446, type: 'tcp', ip: '195.26.233.3', isIpPublic: null }],
      },
    });
  });

  it('reads the live quirks: imageName, Go timestamps, numeric strings (NOTES §1.5)', () => {
    const { image: _image, cost: _cost, createdAt: _c, startedAt: _s, ...rest } = SPEC_POD;
    const pod = normalizePod({
      ...rest,
      imageName: 'runpod/pytorch:2.1.0',
      cost: '0.74',
      createdAt: '2025-12-16 17:44:56.726 +0000 UTC',
      startedAt: '2025-12-16 17:46:01.002 +0000 UTC',
      disk: '50',
      runtime: {
        ...SPEC_POD.runtime,
        uptime: '3600',
        ports: [{ private: '22', public: '10341', type: 'tcp' }],
      },
    });
    expect(pod).toMatchObject({
      image: 'runpod/pytorch:2.1.0',
      costPerHr: 0.74,
      createdAt: new Date('2025-12-16T17:44:56.726Z'),
      startedAt: new Date('2025-12-16T17:46:01.002Z'),
      containerDiskGb: 50,
      runtime: { uptimeSeconds: 3600, ports: [{ privatePort: 22, publicPort: 10341 }] },
    });
  });

  it('reads the v1 field names older code used', () => {
    const pod = normalizePod({
      id: 'xedezhzb9la3ye',
      name: 'my pod',
      desiredStatus: 'EXITED',
      imageName: 'img',
      costPerHr: '0.0',
      gpuTypeId: 'NVIDIA A40',
      gpuCount: '2',
      containerDiskInGb: 50,
      volumeInGb: 20,
      volumeMountPath: '/workspace',
      lastStartedAt: '2024-07-12T19:14:40.144Z',
    });
    expect(pod).toMatchObject({
      status: 'EXITED',
      image: 'img',
      costPerHr: 0,
      gpu: { typeId: 'NVIDIA A40', count: 2 },
      volume: { sizeGb: 20, mountPath: '/workspace' },
      startedAt: new Date('2024-07-12T19:14:40.144Z'),
    });
  });

  it('turns missing or invalid parts into null instead of throwing', () => {
    const pod = normalizePod({
      id: 'p1',
      status: 'MIGRATING',
      createdAt: 'yesterday',
      runtime: null,
      gpu: 'x',
    });
    expect(pod).toMatchObject({
      id: 'p1',
      name: '',
      status: 'UNKNOWN',
      rawStatus: 'MIGRATING',
      image: null,
      costPerHr: null,
      gpu: null,
      createdAt: null,
      startedAt: null,
      runtime: null,
      actions: [],
      env: {},
    });
  });

  it('is null for something that is not a pod', () => {
    expect(normalizePod(null)).toBeNull();
    expect(normalizePod({ name: 'no id' })).toBeNull();
    expect(normalizePod([SPEC_POD])).toBeNull();
  });
});

describe('normalizePodStatus', () => {
  it.each([
    ['RUNNING', 'RUNNING'],
    ['exited', 'EXITED'],
    ['CREATED', 'PROVISIONING'],
    ['RESTARTING', 'STARTING'],
    ['PAUSED', 'EXITED'],
    ['DEAD', 'ERROR'],
    ['SOMETHING', 'UNKNOWN'],
    [null, 'UNKNOWN'],
  ])('%j → %s', (value, status) => {
    expect(normalizePodStatus(value)).toBe(status);
  });
});

describe('normalizePodTelemetry', () => {
  it('reads the documented GraphQL runtime and the latestTelemetry selection', () => {
    const pod = normalizePodTelemetry({
      id: 'ldl1dxirsim64n',
      name: 'Runpod Pytorch',
      desiredStatus: 'RUNNING',
      costPerHr: '0.69',
      imageName: 'runpod/pytorch',
      machine: { podHostId: 'ldl1dxirsim64n-64410065', gpuDisplayName: 'RTX 4090' },
      runtime: {
        uptimeInSeconds: 3931,
        ports: [
          { ip: '100.65.0.101', isIpPublic: false, privatePort: 8888, publicPort: 60141, type: 'http' },
        ],
        gpus: [{ id: 'GPU-e0488b7e-6932-795b-a125-4472c16ea72c', gpuUtilPercent: 0, memoryUtilPercent: 0 }],
        container: { cpuPercent: 0, memoryPercent: 0 },
      },
      latestTelemetry: {
        time: '2025-12-16 17:44:56.726 +0000 UTC',
        state: 'RUNNING',
        cpuUtilization: 0.12,
        memoryUtilization: '0.4',
        averageGpuMetrics: {
          percentUtilization: 50,
          memoryUtilization: 30,
          temperatureCelcius: 61,
          powerWatts: 250,
        },
        individualGpuMetrics: [
          {
            id: 'GPU-0',
            percentUtilization: 100,
            memoryUtilization: 60,
            temperatureCelcius: '70.5',
            powerWatts: 400,
          },
          null,
        ],
      },
    });
    expect(pod).toMatchObject({
      podId: 'ldl1dxirsim64n',
      status: 'RUNNING',
      costPerHr: 0.69,
      image: 'runpod/pytorch',
      podHostId: 'ldl1dxirsim64n-64410065',
      runtime: {
        uptimeSeconds: 3931,
        cpuPercent: 0,
        gpus: [{ id: 'GPU-e0488b7e-6932-795b-a125-4472c16ea72c', utilPercent: 0, memoryUtilPercent: 0 }],
        ports: [{ privatePort: 8888, publicPort: 60141, isIpPublic: false }],
      },
      latestTelemetry: {
        time: new Date('2025-12-16T17:44:56.726Z'),
        memoryUtilization: 0.4,
        averageGpu: { temperatureCelsius: 61, powerWatts: 250 },
        gpus: [{ id: 'GPU-0', utilizationPercent: 100, temperatureCelsius: 70.5, powerWatts: 400 }],
      },
    });
  });

  it('keeps runtime and telemetry null while the container is not running', () => {
    expect(normalizePodTelemetry({ id: 'p', desiredStatus: 'EXITED', runtime: null })).toMatchObject({
      runtime: null,
      latestTelemetry: null,
      status: 'EXITED',
    });
  });
});

describe('normalizeServerlessHealth', () => {
  it('reads the current docs shape, whose workers carry only idle and running, as zeros elsewhere', () => {
    expect(
      normalizeServerlessHealth({
        jobs: { completed: 1, failed: 5, inProgress: 0, inQueue: 2, retried: 0 },
        workers: { idle: 0, running: 0 },
      }),
    ).toEqual({
      jobs: { completed: 1, failed: 5, inProgress: 0, inQueue: 2, retried: 0 },
      workers: { idle: 0, initializing: 0, ready: 0, running: 0, throttled: 0, unhealthy: 0 },
    });
  });

  it('reads the older shape with ready/throttled and string counts, and an empty body', () => {
    expect(
      normalizeServerlessHealth({ jobs: { completed: '72' }, workers: { idle: 4, ready: '4', unhealthy: 1 } })
        .workers,
    ).toEqual({ idle: 4, initializing: 0, ready: 4, running: 0, throttled: 0, unhealthy: 1 });
    expect(normalizeServerlessHealth({}).jobs.inQueue).toBe(0);
  });
});

describe('normalizeEndpoint', () => {
  it('reads the v2 shape and the comma-string dataCenterIds of the spec example', () => {
    const endpoint = normalizeEndpoint({
      id: 'jpnw0v75y3qoql',
      name: 'my-inference',
      type: 'QUEUE',
      gpu: { pools: ['ADA_24'], count: 1, allowedCudaVersions: [], minCudaVersion: null },
      workers: { min: 0, max: '3', idleTimeout: 5 },
      scaling: { type: 'QUEUE_DELAY', queueDelay: 4 },
      dataCenterIds: 'EU-NL-1,EU-RO-1',
      networkVolumes: [],
      timeout: 600000,
      flashboot: 'FLASHBOOT',
      createdAt: '2026-03-13T20:00:00Z',
    });
    expect(endpoint).toMatchObject({
      computeType: 'GPU',
      gpu: { pools: ['ADA_24'], count: 1 },
      workers: { min: 0, max: 3, idleTimeoutSeconds: 5 },
      scaling: { type: 'QUEUE_DELAY', value: 4 },
      dataCenterIds: ['EU-NL-1', 'EU-RO-1'],
      executionTimeoutMs: 600000,
      createdAt: new Date('2026-03-13T20:00:00Z'),
    });
  });
});

describe('normalizeEndpointWorkers', () => {
  it('derives a missing total and defaults missing counts', () => {
    const workers = normalizeEndpointWorkers({
      workers: [
        { id: 'w1', status: 'RUNNING', gpuCount: 1, isStale: false },
        { id: 'w2', status: 'NEW' },
        {},
      ],
      summary: { running: 1, idle: '2' },
    });
    expect(workers.summary).toEqual({
      running: 1,
      idle: 2,
      initializing: 0,
      throttled: 0,
      unhealthy: 0,
      total: 3,
    });
    expect(workers.workers.map((worker) => worker.status)).toEqual(['RUNNING', 'UNKNOWN']);
  });
});

describe('normalizePodBilling', () => {
  it('reads records and totals, and tolerates the live billing time format', () => {
    const billing = normalizePodBilling({
      records: [
        {
          startTime: '2025-12-13 00:00:00',
          endTime: '2025-12-14T00:00:00Z',
          podId: 'p1',
          totalAmount: '1.5',
          gpuAmount: 1.2,
        },
        { podId: 'p2', totalAmount: 2 },
        { totalAmount: 9 },
      ],
      metadata: { query: { bucketSize: 'day' }, recordCount: 2 },
    });
    expect(billing.records[0]).toEqual({
      podId: 'p1',
      startTime: new Date('2025-12-13T00:00:00Z'),
      endTime: new Date('2025-12-14T00:00:00Z'),
      totalAmount: 1.5,
      gpuAmount: 1.2,
      cpuAmount: 0,
      diskAmount: 0,
    });
    expect(billing.records).toHaveLength(2);
    expect(billing.totals.totalAmount).toBe(3.5);
    expect(billing.bucketSize).toBe('day');
  });
});
