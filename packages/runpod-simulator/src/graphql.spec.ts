import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_POD_IDS } from './fleet.js';
import { type Harness, startHarness } from './testing/harness.js';

/** Queries exactly as real clients send them (NOTES §2.3 A–D, §2.4). */
const QUERY_A = `query myPods {
    myself {
        pods {
            id
            containerDiskInGb
            costPerHr
            desiredStatus
            dockerArgs
            dockerId
            env
            gpuCount
            imageName
            lastStatusChange
            machineId
            memoryInGb
            name
            podType
            port
            ports
            uptimeSeconds
            vcpuCount
            volumeInGb
            volumeMountPath
            runtime {
                ports{
                    ip
                    isIpPublic
                    privatePort
                    publicPort
                    type
                }
            }
            machine {
                gpuDisplayName
            }
        }
    }
}`;

const QUERY_B = `query GetAllPodsWithMetrics {
  myself {
    pods {
      id
      name
      machine {
        podHostId
      }
      desiredStatus
      lastStatusChange
      imageName
      env
      containerDiskInGb
      volumeInGb
      costPerHr
      runtime {
        uptimeInSeconds
        container {
          cpuPercent
          memoryPercent
        }
        gpus {
          id
          gpuUtilPercent
          memoryUtilPercent
        }
        ports {
          ip
          isIpPublic
          privatePort
          publicPort
          type
        }
      }
    }
  }
}`;

const QUERY_C = `query pod($input: PodFilter) {
  pod(input: $input) {
    id
    name
    desiredStatus
    costPerHr
    latestTelemetry {
      time
      state
      cpuUtilization
      memoryUtilization
      averageGpuMetrics {
        percentUtilization
        memoryUtilization
        temperatureCelcius
        powerWatts
      }
      individualGpuMetrics {
        id
        percentUtilization
        memoryUtilization
        temperatureCelcius
        powerWatts
      }
    }
  }
}`;

const QUERY_D = `query Query {
  myself {
    endpoints {
      aiKey
      gpuIds
      id
      idleTimeout
      name
      networkVolumeId
      locations
      scalerType
      scalerValue
      templateId
      type
      userId
      version
      workersMax
      workersMin
      workersStandby
      gpuCount
      env {
        key
        value
      }
      createdAt
      networkVolume {
        id
        dataCenterId
      }
    }
  }
}`;

const QUERY_D_WORKERS =
  'query { myself { endpoints { id name gpuIds idleTimeout locations networkVolumeId scalerType scalerValue templateId workersMax workersMin pods { desiredStatus } } serverlessDiscount { discountFactor type expirationDate } } }';

interface GqlPod {
  id: string;
  desiredStatus: string;
  runtime: {
    uptimeInSeconds?: number;
    gpus?: { id: string; gpuUtilPercent: number }[];
    ports?: unknown[];
  } | null;
  latestTelemetry: {
    time: string;
    state: string;
    cpuUtilization: number;
    averageGpuMetrics: { percentUtilization: number; temperatureCelcius: number; powerWatts: number } | null;
    individualGpuMetrics: {
      id: string;
      percentUtilization: number;
      temperatureCelcius: number;
      powerWatts: number;
    }[];
  } | null;
  [field: string]: unknown;
}

describe('GraphQL', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('answers query A (runpod-python QUERY_POD) for every listed pod', async () => {
    h = await startHarness({ demo: true });
    const { status, body } = await h.graphql<{ myself: { pods: GqlPod[] } }>(QUERY_A);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const pods = body.data?.myself.pods ?? [];
    expect(pods).toHaveLength(12);
    const trainer = pods.find((p) => p.id === DEMO_POD_IDS.trainer);
    expect(trainer).toMatchObject({
      name: 'trainer',
      desiredStatus: 'RUNNING',
      costPerHr: 2.69,
      gpuCount: 1,
      imageName: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
      ports: '8888/http,22/tcp',
      port: 8888,
      podType: 'RESERVED',
      volumeInGb: 100,
      machine: { gpuDisplayName: 'H100 SXM' },
    });
    expect(trainer?.lastStatusChange).toMatch(
      /^Rented by User: \w{3} \w{3} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT\+0000/,
    );
    expect(trainer?.runtime?.ports).toEqual([
      expect.objectContaining({ privatePort: 8888, type: 'http', isIpPublic: false }),
      expect.objectContaining({ privatePort: 22, type: 'tcp', isIpPublic: true }),
    ]);
    const exited = pods.find((p) => p.id === DEMO_POD_IDS.oldExperiment);
    expect(exited).toMatchObject({ desiredStatus: 'EXITED', runtime: null, uptimeSeconds: 0 });
  });

  it('answers query B (Idle-Pod-Monitor) with live runtime utilisation', async () => {
    h = await startHarness({ demo: true });
    const { body } = await h.graphql<{ myself: { pods: GqlPod[] } }>(QUERY_B);
    expect(body.errors).toBeUndefined();
    const farm = body.data?.myself.pods.find((p) => p.id === DEMO_POD_IDS.renderFarm);
    expect(farm?.runtime?.gpus).toHaveLength(8);
    expect(farm?.runtime?.gpus?.[0]?.id).toMatch(
      /^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(farm?.machine).toEqual({
      podHostId: expect.stringMatching(/^f9s3w6y1e4u7ra-[0-9a-f]{8}$/) as unknown,
    });
    expect(farm?.env).toEqual([]);
  });

  it('answers query C (latestTelemetry) with temperature and power; null unless RUNNING', async () => {
    h = await startHarness({ demo: true });
    const { body } = await h.graphql<{ pod: GqlPod }>(QUERY_C, { input: { podId: DEMO_POD_IDS.trainer } });
    expect(body.errors).toBeUndefined();
    const telemetry = body.data?.pod.latestTelemetry;
    expect(telemetry?.state).toBe('RUNNING');
    expect(telemetry?.time).toBe('2026-01-01T00:00:00.000Z');
    expect(telemetry?.cpuUtilization).toBeGreaterThan(0);
    expect(telemetry?.cpuUtilization).toBeLessThan(1);
    expect(telemetry?.individualGpuMetrics).toHaveLength(1);
    expect(telemetry?.averageGpuMetrics?.temperatureCelcius).toBeGreaterThan(60);
    expect(telemetry?.averageGpuMetrics?.powerWatts).toBeGreaterThan(450);

    const exited = await h.graphql<{ pod: GqlPod }>(QUERY_C, {
      input: { podId: DEMO_POD_IDS.oldExperiment },
    });
    expect(exited.body.data?.pod).toMatchObject({ desiredStatus: 'EXITED', latestTelemetry: null });

    // The non-null argument form other clients send validates too.
    const strict = await h.graphql<{ pod: GqlPod }>(
      'query pod($podId: String!) { pod(input: {podId: $podId}) { id latestTelemetry { state } } }',
      { podId: DEMO_POD_IDS.notebook },
    );
    expect(strict.body.data?.pod.latestTelemetry?.state).toBe('RUNNING');
  });

  it('answers query D (endpoints) and the workers form', async () => {
    h = await startHarness({ demo: true });
    const d = await h.graphql<{ myself: { endpoints: Record<string, unknown>[] } }>(QUERY_D);
    expect(d.body.errors).toBeUndefined();
    expect(d.body.data?.myself.endpoints).toEqual([
      expect.objectContaining({
        id: 'e5m8b2d9k3w7qa',
        name: 'embeddings',
        gpuIds: 'ADA_24',
        idleTimeout: 5,
        scalerType: 'QUEUE_DELAY',
        scalerValue: 4,
        type: 'QB',
        workersMin: 0,
        workersMax: 3,
        env: [],
        networkVolume: null,
      }),
    ]);
    h.sim.control.enqueueJobs('e5m8b2d9k3w7qa', { count: 2, durationSeconds: 30 });
    h.advance(5);
    const withWorkers = await h.graphql<{
      myself: { endpoints: { pods: { desiredStatus: string }[] }[]; serverlessDiscount: null };
    }>(QUERY_D_WORKERS);
    expect(withWorkers.body.errors).toBeUndefined();
    expect(withWorkers.body.data?.myself.endpoints[0]?.pods).toEqual([
      { desiredStatus: 'RUNNING' },
      { desiredStatus: 'RUNNING' },
    ]);
    expect(withWorkers.body.data?.myself.serverlessDiscount).toBeNull();
  });

  it('runs the mutations as runpod-python and runpodctl send them', async () => {
    h = await startHarness({ demo: true, transitions: { provisioningSeconds: 1, startingSeconds: 1 } });
    const stop = await h.graphql(
      `mutation { podStop(input: { podId: "${DEMO_POD_IDS.notebook}" }) { id desiredStatus } }`,
    );
    expect(stop.body).toEqual({ data: { podStop: { id: DEMO_POD_IDS.notebook, desiredStatus: 'EXITED' } } });

    const resume = await h.graphql(
      `mutation { podResume(input: { podId: "${DEMO_POD_IDS.notebook}", gpuCount: 1 }) { id desiredStatus imageName env machineId machine { podHostId } } }`,
    );
    expect(resume.body.data?.podResume).toMatchObject({
      id: DEMO_POD_IDS.notebook,
      desiredStatus: 'RUNNING',
    });

    const resumeVars = await h.graphql(
      'mutation podResume($podId: String!) { podResume(input: {podId: $podId}) { id costPerHr desiredStatus lastStatusChange } }',
      { podId: DEMO_POD_IDS.oldExperiment },
    );
    expect(resumeVars.body.data?.podResume).toMatchObject({ desiredStatus: 'RUNNING', costPerHr: 1.74 });

    const stopTyped = await h.graphql(
      'mutation PodStop($input: PodStopInput!) { podStop(input: $input) { id desiredStatus lastStatusChange } }',
      {
        input: { podId: DEMO_POD_IDS.trainer },
      },
    );
    expect(stopTyped.body.data?.podStop).toMatchObject({ desiredStatus: 'EXITED' });
    expect((stopTyped.body.data?.podStop as { lastStatusChange: string }).lastStatusChange).toMatch(
      /^Exited by user: /,
    );

    const terminate = await h.graphql(
      `mutation { podTerminate(input: { podId: "${DEMO_POD_IDS.teamSandbox}" }) }`,
    );
    expect(terminate.body).toEqual({ data: { podTerminate: null } });
    const terminateVars = await h.graphql(
      'mutation terminatePod($podId: String!) { podTerminate(input: {podId:  $podId}) }',
      { podId: DEMO_POD_IDS.evalSpot },
    );
    expect(terminateVars.body).toEqual({ data: { podTerminate: null } });

    const listed = await h.graphql<{ myself: { pods: { id: string }[]; currentSpendPerHr: number } }>(
      '{ myself { currentSpendPerHr pods { id } } }',
    );
    const ids = listed.body.data?.myself.pods.map((p) => p.id) ?? [];
    expect(ids).not.toContain(DEMO_POD_IDS.teamSandbox);
    expect(ids).not.toContain(DEMO_POD_IDS.evalSpot);
    expect(h.sim.control.listPods().find((p) => p.id === DEMO_POD_IDS.notebook)?.status).toBe('PROVISIONING');
  });

  it('answers resolver errors with HTTP 200, errors[] (RUNPOD) and the field null', async () => {
    h = await startHarness({ demo: true });
    const unknown = await h.graphql('mutation { podStop(input: {podId: "nosuchpod00000"}) { id } }');
    expect(unknown.status).toBe(200);
    expect(unknown.body.data).toEqual({ podStop: null });
    expect(unknown.body.errors?.[0]).toMatchObject({ path: ['podStop'], extensions: { code: 'RUNPOD' } });

    const notAllowed = await h.graphql(
      `mutation { podResume(input: {podId: "${DEMO_POD_IDS.trainer}"}) { id } }`,
    );
    expect(notAllowed.body.data).toEqual({ podResume: null });
    expect(notAllowed.body.errors?.[0]?.message).toBe('This pod cannot be resumed while it is RUNNING.');

    const missingPod = await h.graphql('query { pod(input: {podId: "nosuchpod00000"}) { id } }');
    expect(missingPod.body).toMatchObject({
      data: { pod: null },
      errors: [{ extensions: { code: 'RUNPOD' } }],
    });
  });

  it('rejects an unknown field as graphql-js validation does, with HTTP 200', async () => {
    h = await startHarness({ demo: true });
    const { status, body } = await h.graphql('{ myself { pods { id temperatureCelsius } } }');
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/^Cannot query field "temperatureCelsius" on type "Pod"\./);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const syntax = await h.graphql('{ myself { pods { id }');
    expect(syntax.status).toBe(200);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');

    const notGraphql = await fetch(h.sim.graphqlUrl, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ nope: true }),
    });
    expect(notGraphql.status).toBe(400);
  });

  it('returns telemetry for 1,000 pods in one request, counted once', async () => {
    h = await startHarness({ pods: 1000 });
    const { body } = await h.graphql<{ myself: { pods: GqlPod[] } }>(
      'query Telemetry { myself { pods { id desiredStatus latestTelemetry { averageGpuMetrics { temperatureCelcius powerWatts } individualGpuMetrics { id percentUtilization } } } } }',
    );
    const pods = body.data?.myself.pods ?? [];
    expect(pods).toHaveLength(1000);
    const running = h.sim.control
      .listPods()
      .filter((p) => p.status === 'RUNNING')
      .map((p) => p.id);
    const withTelemetry = pods.filter((p) => p.latestTelemetry !== null).map((p) => p.id);
    expect(withTelemetry.sort()).toEqual(running.sort());
    expect(withTelemetry.length).toBeGreaterThan(700);
    const counts = h.sim.control.requestCounts();
    expect(counts.total).toBe(1);
    expect(counts.routes).toEqual({ 'POST /graphql': 1 });
    expect(counts.graphql).toEqual({ operations: { Telemetry: 1 }, fields: { myself: 1 } });
  });
});
