/**
 * Agent reports (`POST /api/v1/agents/report`): the agent token, telemetry samples marked
 * `source: agent`, activity per instance (busy GPU, GPU process, SSH session), and a GPU the agent
 * could not read counting as activity so that the countdown never reaches zero on it.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  AgentGpuSource,
  AgentReport,
  AgentReportResult,
  DashboardResponse,
  InstanceSnapshot,
  InstanceTimeline,
  ProblemDocument,
  TelemetrySeries,
} from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { AGENT_REPORT_EXAMPLE } from '../src/agents/dto/agent-report.example.js';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const AGENT_TOKEN = 'test-agent-token-0123456789';
const READ_TOKEN = 'test-read-token-0123456789';
const ids = {
  trainer: 'trainerpod0001',
  quiet: 'quietpod000001',
  cpu: 'cpupod00000001',
  stray: 'straypod000001',
};
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const agent = { authorization: `Bearer ${AGENT_TOKEN}` };
const H100 = (AGENT_REPORT_EXAMPLE.gpu as AgentGpuSource).gpus[0]!;
const NO_SMI =
  'nvidia-smi exited with 9: NVIDIA-SMI has failed because it couldn\u2019t communicate with the NVIDIA driver.';

describe('agent reports', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;

  /** The idle H100 of the real capture, no SSH session, collected now. */
  const report = (overrides: Partial<AgentReport> = {}): AgentReport => ({
    ...AGENT_REPORT_EXAMPLE,
    podId: ids.trainer,
    collectedAt: clock.now().toISOString(),
    sentAt: undefined,
    ssh: { available: true, ports: [22], sessions: [] },
    ...overrides,
  });
  const withProcess = (): Pick<AgentReport, 'gpu'> => ({
    gpu: {
      ...(AGENT_REPORT_EXAMPLE.gpu as AgentGpuSource),
      gpus: [{ ...H100, memoryUsedMiB: 30_980 }],
      processes: [{ pid: 4242, name: 'python train.py', type: 'C', usedMemoryMiB: 30_512, gpu: 0 }],
    },
  });
  const post = (body: unknown, headers: Record<string, string> = agent) =>
    sut.app.inject({ method: 'POST', url: '/api/v1/agents/report', headers, payload: body as object });
  const send = async (body: AgentReport): Promise<AgentReportResult> => {
    const response = await post(body);
    expect(response.statusCode).toBe(200);
    return response.json<AgentReportResult>();
  };
  const get = async <T>(url: string): Promise<T> => {
    const response = await sut.app.inject({ method: 'GET', url, headers: admin });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };
  const instance = (name: string) => get<InstanceSnapshot>(`/api/v1/instances/${name}`);
  const dryRun = async (name: string) => {
    const run = await sut.app.get(PruneService).run({ trigger: 'api', dryRun: true, instance: name });
    return run.decisions.find((d) => d.instance === name)!;
  };
  const timelineSignals = async (name: string) =>
    (await get<InstanceTimeline>(`/api/v1/instances/${name}/timeline`)).entries.flatMap((e) =>
      e.type === 'activity' ? [e.signal] : [],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [
        { id: ids.trainer, name: 'trainer', profile: 'idle', gpuTypeId: 'NVIDIA H100 80GB HBM3' },
        { id: ids.quiet, name: 'quiet', profile: 'idle' },
        { id: ids.cpu, name: 'cpubox', profile: 'idle', cpu: { flavorId: 'cpu3c', vcpuCount: 4 } },
        { id: ids.stray, name: 'stray', profile: 'idle' },
      ],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: {
        ...runpodEnv(sim),
        PODWATCH_RATE_LIMIT: '0',
        PODWATCH_AGENT_TOKEN: AGENT_TOKEN,
        PODWATCH_READ_TOKEN: READ_TOKEN,
      },
      podwatchYaml: `
defaults:
  warnBefore: 0s
instances:
  trainer:
    podId: ${ids.trainer}
    inactivity: 5m
  quiet:
    podId: ${ids.quiet}
    inactivity: 5m
    activity:
      gpuProcess: false
      sshSession: false
  cpubox:
    podId: ${ids.cpu}
    inactivity: 5m
`,
    });
    collector = sut.app.get(CollectorService);
    await collector.collect();
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('takes the agent or admin token on reports and heartbeats, and the agent token nowhere else', async () => {
    expect((await post(report(), {})).statusCode).toBe(401);
    expect((await post(report(), { authorization: `Bearer ${READ_TOKEN}` })).statusCode).toBe(403);
    expect((await post(report(), agent)).statusCode).toBe(200);
    expect((await post(report(), admin)).statusCode).toBe(200);
    const heartbeat = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/agents/heartbeat',
      headers: agent,
      payload: { podId: ids.quiet, agent: 'podwatch-agent', status: 'idle' },
    });
    expect(heartbeat.statusCode).toBe(200);
    const extend = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/trainer/extend',
      headers: agent,
      payload: { duration: '1h' },
    });
    expect(extend.statusCode).toBe(403);
    expect(extend.json<ProblemDocument>().detail).toBe(
      'The agent token only allows posting agent reports and heartbeats.',
    );
    const read = await sut.app.inject({ method: 'GET', url: '/api/v1/instances', headers: agent });
    expect(read.statusCode).toBe(403);
  });

  it('stores an idle report as an agent sample beside RunPod’s without resetting the countdown', async () => {
    const before = await instance('trainer');
    clock.advance(60_000);
    expect(await send(report())).toEqual({
      podId: ids.trainer,
      instance: 'trainer',
      recordedAt: '2026-11-22T12:01:00.000Z',
      activity: [],
    });
    const after = await instance('trainer');
    expect(after.lastRunAt).toBe(before.lastRunAt);
    expect(after.killAt).toBe(before.killAt);
    expect(after.agent).toEqual({
      reportedAt: '2026-11-22T12:01:00.000Z',
      current: true,
      hostname: 'h100pod0000001',
      gpus: [H100],
      processes: [],
      sshSessions: [],
      tmuxSessions: null,
      cpuPercent: 1.2,
      memoryPercent: 5,
      disks: AGENT_REPORT_EXAMPLE.disks,
      activity: [],
      unavailable: [
        { source: 'tmux', reason: 'tmux not found: no tmux on the PATH' },
        { source: 'disk:/workspace', reason: '/workspace does not exist (no volume mounted there)' },
      ],
    });

    const range = 'from=2026-11-22T11:00:00.000Z&to=2026-11-22T12:02:00.000Z';
    const agentSeries = await get<TelemetrySeries>(
      `/api/v1/instances/trainer/telemetry?source=agent&${range}`,
    );
    expect(agentSeries.points.reduce((n, p) => n + p.samples, 0)).toBe(3);
    expect(agentSeries.points.at(-1)).toMatchObject({
      gpuUtilMax: 0,
      temperatureC: 37,
      powerWatts: 125,
      gpuUtil: [0],
    });
    const runpodSeries = await get<TelemetrySeries>(`/api/v1/instances/trainer/telemetry?${range}`);
    expect(runpodSeries.points.reduce((n, p) => n + p.samples, 0)).toBe(1);

    const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
    expect(dashboard.instances.find((i) => i.instance === 'trainer')?.agent?.gpus).toEqual([H100]);
    expect(dashboard.instances.find((i) => i.instance === 'quiet')?.agent).toBeNull();
  });

  it('resets the countdown on a GPU process and logs the start of the stretch once', async () => {
    clock.advance(60_000);
    expect((await send(report(withProcess()))).activity).toEqual([
      { signal: 'gpu-process', unknown: false, detail: 'python train.py (pid 4242) on GPU 0, 30512 MiB' },
    ]);
    let trainer = await instance('trainer');
    expect(trainer.lastRunAt).toBe('2026-11-22T12:02:00.000Z');
    expect(trainer.lastActivity).toEqual({
      signal: 'gpu-process',
      at: '2026-11-22T12:02:00.000Z',
      detail: 'python train.py (pid 4242) on GPU 0, 30512 MiB',
    });
    expect(trainer.timeUntilKill).toBe(5 * 60);
    expect(trainer.agent?.processes).toEqual([
      { pid: 4242, name: 'python train.py', type: 'C', usedMemoryMiB: 30_512, gpu: 0 },
    ]);

    clock.advance(15_000);
    await send(report(withProcess()));
    trainer = await instance('trainer');
    expect(trainer.lastRunAt).toBe('2026-11-22T12:02:15.000Z');
    expect((await timelineSignals('trainer')).filter((s) => s === 'gpu-process')).toHaveLength(1);
  });

  it('counts a GPU it could not read as unknown activity: the countdown never reaches zero on it', async () => {
    // Ten minutes (twice the window) of idle RunPod samples while the agent cannot read the GPU.
    for (let minute = 0; minute < 10; minute += 1) {
      clock.advance(60_000);
      await collector.collect();
      const result = await send(report({ gpu: { available: false, reason: NO_SMI } }));
      expect(result.activity).toEqual([
        {
          signal: 'agent-gpu',
          unknown: true,
          detail: `activity unknown: the agent could not read the GPU (${NO_SMI}); counted as activity`,
        },
      ]);
    }
    const trainer = await instance('trainer');
    expect(trainer.timeUntilKill).toBe(5 * 60);
    expect(trainer.lastActivity?.detail).toMatch(/^activity unknown: the agent could not read the GPU/);
    expect(trainer.agent?.unavailable).toContainEqual({ source: 'gpu', reason: NO_SMI });
    expect(await dryRun('trainer')).toMatchObject({ action: 'none', code: 'counting' });
    expect((await timelineSignals('trainer')).filter((s) => s === 'agent-gpu')).toHaveLength(1);

    // Once nothing says otherwise, RunPod's idle samples decide: due after the window.
    clock.advance(6 * 60_000);
    await collector.collect();
    expect(await dryRun('trainer')).toMatchObject({ action: 'stop', code: 'due' });
    expect((await instance('trainer')).agent?.current).toBe(false);
  });

  it('resets the countdown on an open SSH session', async () => {
    const result = await send(
      report({
        ssh: {
          available: true,
          ports: [22],
          sessions: [{ remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 }],
        },
      }),
    );
    expect(result.activity).toEqual([
      { signal: 'ssh-session', unknown: false, detail: '1 SSH session open (from 203.0.113.7)' },
    ]);
    const trainer = await instance('trainer');
    expect(trainer.lastActivity?.signal).toBe('ssh-session');
    expect(trainer.agent?.sshSessions).toEqual([
      { remoteAddress: '203.0.113.7', remotePort: 51544, localPort: 22 },
    ]);
  });

  it('follows podwatch.yaml: processes and SSH sessions switched off, a busy GPU still counts', async () => {
    const sessions = {
      available: true as const,
      ports: [22],
      sessions: [{ remoteAddress: '203.0.113.7', remotePort: 1, localPort: 22 }],
    };
    expect((await send(report({ podId: ids.quiet, ...withProcess(), ssh: sessions }))).activity).toEqual([]);
    const busy = { ...(AGENT_REPORT_EXAMPLE.gpu as AgentGpuSource), gpus: [{ ...H100, utilPercent: 90 }] };
    expect((await send(report({ podId: ids.quiet, gpu: busy }))).activity).toEqual([
      { signal: 'agent-gpu', unknown: false, detail: 'GPU 0 at 90% (threshold 10%)' },
    ]);
  });

  it('does not hold a CPU pod up for having no nvidia-smi', async () => {
    const result = await send(
      report({
        podId: ids.cpu,
        gpu: { available: false, reason: 'nvidia-smi not found: no nvidia-smi on the PATH' },
      }),
    );
    expect(result).toMatchObject({ instance: 'cpubox', activity: [] });
  });

  it('stores the report of an unmanaged pod without an instance', async () => {
    expect(await send(report({ podId: ids.stray, ...withProcess() }))).toMatchObject({
      instance: null,
      activity: [],
    });
  });

  it('places a buffered report on the API’s clock even when the pod’s clock is off', async () => {
    const podClock = new Date(clock.now().getTime() + 3_600_000);
    const result = await send(
      report({
        collectedAt: podClock.toISOString(),
        sentAt: new Date(podClock.getTime() + 30_000).toISOString(),
        dropped: 3,
      }),
    );
    expect(result.recordedAt).toBe(new Date(clock.now().getTime() - 30_000).toISOString());
  });

  it('rejects bad reports with problems naming the fields', async () => {
    const gpu = AGENT_REPORT_EXAMPLE.gpu as AgentGpuSource;
    const cases: [unknown, string[]][] = [
      [{ ...report(), version: 2 }, ['version']],
      [{ ...report(), podId: 'not a pod!' }, ['podId']],
      [{ ...report(), collectedAt: 'yesterday' }, ['collectedAt']],
      [{ ...report(), gpu: { ...gpu, gpus: [{ ...H100, utilPercent: 140 }] } }, ['gpu.gpus.0.utilPercent']],
      [
        { ...report(), gpu: { ...gpu, gpus: [{ ...H100, temperatureC: undefined }] } },
        ['gpu.gpus.0.temperatureC'],
      ],
      [{ ...report(), gpu: { available: false } }, ['gpu.reason']],
      [{ ...report(), cpu: { available: true } }, ['cpu.percent', 'cpu.windowSeconds', 'cpu.cores']],
      [
        {
          ...report(),
          ssh: {
            available: true,
            ports: [22],
            sessions: [{ remoteAddress: 'nowhere', remotePort: 1, localPort: 22 }],
          },
        },
        ['ssh.sessions.0.remoteAddress'],
      ],
      [{ ...report(), disks: 'all of them' }, ['disks']],
      [{ ...report(), tmux: undefined }, ['tmux']],
      [{ ...report(), extra: true }, ['extra']],
    ];
    for (const [body, fields] of cases) {
      const response = await post(body);
      expect(response.statusCode).toBe(400);
      const problem = response.json<ProblemDocument>();
      for (const field of fields) expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
  });
});
