import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoneError, GraphqlError, isGraphqlRetired, type RunpodClient } from '../src/index.js';
import {
  addFault,
  clearFaults,
  clientFor,
  requestCounts,
  resetRequestCounts,
  startSim,
  type Simulator,
} from './helpers.js';

const BUSY_ID = 'busypod0000001';
const IDLE_ID = 'idlepod0000001';

describe('GraphQL against the simulator', () => {
  let sim: Simulator;
  let sut: RunpodClient;

  beforeAll(async () => {
    sim = await startSim({
      pods: [
        { id: BUSY_ID, name: 'busy', status: 'RUNNING', profile: 'training', gpuCount: 2 },
        { id: IDLE_ID, name: 'idle', status: 'RUNNING', profile: 'idle' },
      ],
    });
    sut = clientFor(sim);
  });

  afterAll(async () => {
    expect(sim.contractViolations()).toEqual([]);
    await sim.close();
  });

  it('reads every pod with runtime and per-GPU temperature and power in one request', async () => {
    await resetRequestCounts(sim);
    const pods = await sut.graphql.podsTelemetry();
    expect(pods.map((pod) => pod.podId).sort()).toEqual([BUSY_ID, IDLE_ID].sort());
    const busy = pods.find((pod) => pod.podId === BUSY_ID);
    expect(busy).toMatchObject({ name: 'busy', status: 'RUNNING', gpuCount: 2 });
    expect(busy?.runtime?.gpus).toHaveLength(2);
    expect(busy?.latestTelemetry?.gpus).toHaveLength(2);
    for (const gpu of busy?.latestTelemetry?.gpus ?? []) {
      expect(gpu.temperatureCelsius).toEqual(expect.any(Number));
      expect(gpu.powerWatts).toEqual(expect.any(Number));
    }
    expect(busy?.latestTelemetry?.time).toBeInstanceOf(Date);
    expect(await requestCounts(sim)).toEqual({ 'POST /graphql': 1 });
  });

  it('reads the fleet and the spend together in one request', async () => {
    await resetRequestCounts(sim);
    const fleet = await sut.graphql.fleetTelemetry();
    expect(fleet.pods.map((pod) => pod.podId).sort()).toEqual([BUSY_ID, IDLE_ID].sort());
    expect(fleet.pods[0]?.vcpuCount).toEqual(expect.any(Number));
    expect(fleet.pods[0]?.memoryInGb).toEqual(expect.any(Number));
    expect(fleet.spend.currentSpendPerHr).toBeGreaterThan(0);
    expect(await requestCounts(sim)).toEqual({ 'POST /graphql': 1 });
  });

  it('reads one pod', async () => {
    const pod = await sut.graphql.podTelemetry(IDLE_ID);
    expect(pod).toMatchObject({ podId: IDLE_ID, name: 'idle' });
    expect(pod?.latestTelemetry?.averageGpu?.temperatureCelsius).toEqual(expect.any(Number));
  });

  it('reads spend and balance', async () => {
    const spend = await sut.graphql.accountSpend();
    expect(spend.currentSpendPerHr).toBeGreaterThan(0);
    expect(spend.clientBalance).toEqual(expect.any(Number));
    expect(spend).toHaveProperty('spendLimit');
  });

  it('stops, resumes and terminates with the mutations real clients send', async () => {
    const stopped = await sut.graphql.stopPod(IDLE_ID);
    expect(stopped).toMatchObject({ podId: IDLE_ID, status: 'EXITED' });
    const resumed = await sut.graphql.resumePod(IDLE_ID);
    expect(resumed.podId).toBe(IDLE_ID);
    expect(resumed.rawStatus).toBe('RUNNING');
    await sut.graphql.stopPod(IDLE_ID);
    const withCount = await sut.graphql.resumePod(IDLE_ID, { gpuCount: 1 });
    expect(withCount.podId).toBe(IDLE_ID);
    await sut.graphql.terminatePod(IDLE_ID);
    const pods = await sut.graphql.podsTelemetry();
    expect(pods.map((pod) => pod.podId)).not.toContain(IDLE_ID);
  });

  it('turns errors[] inside an HTTP 200 into GraphqlError, with the errors and the partial data', async () => {
    await addFault(sim, {
      route: 'POST /graphql',
      kind: 'graphql-error',
      message: 'There are no longer any instances available with the requested specifications.',
      times: 1,
    });
    await resetRequestCounts(sim);
    const error = await sut.graphql.podsTelemetry().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlError);
    const graphqlError = error as GraphqlError;
    expect(graphqlError.status).toBe(200);
    expect(graphqlError.operation).toBe('PodwatchPodsTelemetry');
    expect(graphqlError.errors[0]?.message).toContain('no longer any instances');
    expect(graphqlError).toHaveProperty('data');
    // An answer, not a transient failure: not retried.
    expect(await requestCounts(sim)).toEqual({ 'POST /graphql': 1 });
    await clearFaults(sim);
  });
});

describe('GraphQL at fleet size', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSim({ pods: 1000 });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('returns telemetry for 1,000 pods in exactly one request', async () => {
    const sut = clientFor(sim);
    await resetRequestCounts(sim);
    const pods = await sut.graphql.podsTelemetry();
    expect(pods).toHaveLength(1000);
    const running = pods.filter((pod) => pod.runtime !== null);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((pod) => pod.latestTelemetry !== null)).toBe(true);
    const gpus = running.flatMap((pod) => pod.latestTelemetry?.gpus ?? []);
    expect(gpus.length).toBeGreaterThan(0);
    expect(gpus.every((gpu) => gpu.temperatureCelsius !== null && gpu.powerWatts !== null)).toBe(true);
    expect(await requestCounts(sim)).toEqual({ 'POST /graphql': 1 });

    await resetRequestCounts(sim);
    const fleet = await sut.graphql.fleetTelemetry();
    expect(fleet.pods).toHaveLength(1000);
    expect(await requestCounts(sim)).toEqual({ 'POST /graphql': 1 });
  });

  it('throws GoneError once RunPod retires GraphQL (410), without retrying it', async () => {
    const retired = await startSim({ graphql: 'gone' });
    try {
      const client = clientFor(retired);
      await resetRequestCounts(retired);
      const error = await client.graphql.fleetTelemetry().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GoneError);
      expect(isGraphqlRetired(error)).toBe(true);
      expect(await requestCounts(retired)).toEqual({ 'POST /graphql': 1 });
      // REST errors, and GraphQL's other failures, are not a retirement.
      expect(isGraphqlRetired(await client.pods.get('nosuchpod00001').catch((e: unknown) => e))).toBe(false);
    } finally {
      await retired.close();
    }
  });
});
