/**
 * Agent sessions: heartbeats over HTTP, activity for the pod's instance, the two-minute window.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  AgentSessionView,
  DashboardResponse,
  InstanceSnapshot,
  InstanceTimeline,
  ProblemDocument,
} from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = { notebook: 'notebookpod001', sandbox: 'sandboxpod0001' };
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('agents', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  const heartbeat = (payload: Record<string, unknown>, headers: Record<string, string> = admin) =>
    sut.app.inject({ method: 'POST', url: '/api/v1/agents/heartbeat', headers, payload });
  const get = async <T>(url: string) => {
    const response = await sut.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [
        { id: ids.notebook, name: 'notebook', profile: 'idle' },
        { id: ids.sandbox, name: 'sandbox', profile: 'idle' },
      ],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml: `instances:\n  notebook:\n    podId: ${ids.notebook}\n    inactivity: 30m\n`,
    });
    await sut.app.get(CollectorService).collect();
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('needs the admin token to report', async () => {
    const response = await heartbeat({ instance: 'notebook', agent: 'claude', status: 'working' }, {});
    expect(response.statusCode).toBe(401);
  });

  it('records a working agent by instance and resets its countdown with the agent signal', async () => {
    clock.advance(10 * 60_000);
    const response = await heartbeat({
      instance: 'notebook',
      agent: 'claude',
      status: 'working',
      currentTask: 'fine-tuning run 3',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<AgentSessionView>()).toEqual({
      podId: ids.notebook,
      instance: 'notebook',
      agent: 'claude',
      status: 'working',
      currentTask: 'fine-tuning run 3',
      startedAt: '2026-11-22T12:10:00.000Z',
      lastHeartbeat: '2026-11-22T12:10:00.000Z',
      active: true,
    });
    const notebook = await get<InstanceSnapshot>('/api/v1/instances/notebook');
    expect(notebook.lastActivity).toMatchObject({ signal: 'agent', detail: 'claude: fine-tuning run 3' });
    expect(notebook.lastRunAt).toBe('2026-11-22T12:10:00.000Z');
    expect(notebook.timeUntilKill).toBe(30 * 60);
    expect(notebook.agents).toEqual([expect.objectContaining({ agent: 'claude', active: true })]);
  });

  it('logs when work began, not every heartbeat, and keeps the session while heartbeats continue', async () => {
    clock.advance(30_000);
    expect((await heartbeat({ podId: ids.notebook, agent: 'claude', status: 'working' })).statusCode).toBe(
      200,
    );
    const session = (await get<AgentSessionView[]>('/api/v1/agents?instance=notebook'))[0]!;
    expect(session).toMatchObject({
      startedAt: '2026-11-22T12:10:00.000Z',
      currentTask: 'fine-tuning run 3',
    });
    const timeline = await get<InstanceTimeline>('/api/v1/instances/notebook/timeline');
    expect(timeline.entries.filter((e) => e.type === 'activity' && e.signal === 'agent')).toHaveLength(1);
    expect((await get<InstanceSnapshot>('/api/v1/instances/notebook')).lastRunAt).toBe(
      '2026-11-22T12:10:30.000Z',
    );
  });

  it('takes a bare pod id, with no instance for an unmanaged pod; an idle agent is no activity', async () => {
    const response = await heartbeat({ podId: ids.sandbox, agent: 'aider', status: 'idle' });
    expect(response.json<AgentSessionView>()).toMatchObject({
      podId: ids.sandbox,
      instance: null,
      active: true,
    });
    const agents = await get<AgentSessionView[]>('/api/v1/agents?active=true');
    expect(agents.map((a) => a.agent).sort()).toEqual(['aider', 'claude']);
    expect((await get<DashboardResponse>('/api/v1/dashboard')).kpis.activeAgents).toBe(2);
  });

  it('is active while the last heartbeat is under 2 minutes old', async () => {
    clock.advance(119_000);
    expect((await get<AgentSessionView[]>(`/api/v1/agents?podId=${ids.sandbox}`))[0]!.active).toBe(true);
    clock.advance(1_000);
    expect((await get<AgentSessionView[]>(`/api/v1/agents?podId=${ids.sandbox}`))[0]!.active).toBe(false);
    expect(await get<AgentSessionView[]>('/api/v1/agents?active=true')).toEqual([]);
    expect((await get<AgentSessionView[]>('/api/v1/agents?active=false')).length).toBe(2);
    expect((await get<InstanceSnapshot>('/api/v1/instances/notebook')).agents).toEqual([]);

    // After the silence, a heartbeat starts a new session.
    const again = await heartbeat({ instance: 'notebook', agent: 'claude', status: 'active' });
    expect(again.json<AgentSessionView>().startedAt).toBe(clock.now().toISOString());
  });

  it('rejects bad heartbeats with problems naming the field', async () => {
    const cases: [Record<string, unknown>, number, string | null][] = [
      [{ agent: 'claude', status: 'working' }, 400, 'podId'],
      [{ podId: ids.notebook, agent: 'claude', status: 'sleeping' }, 400, 'status'],
      [{ podId: ids.notebook, agent: '', status: 'idle' }, 400, 'agent'],
      [{ instance: 'notebook', podId: ids.sandbox, agent: 'claude', status: 'idle' }, 400, 'podId'],
      [{ instance: 'nope', agent: 'claude', status: 'idle' }, 404, null],
      [{ podId: ids.notebook, agent: 'claude', status: 'idle', extra: 1 }, 400, 'extra'],
    ];
    for (const [payload, status, field] of cases) {
      const response = await heartbeat(payload);
      expect(response.statusCode).toBe(status);
      if (field) expect(response.json<ProblemDocument>().errors?.map((e) => e.field)).toContain(field);
    }
  });
});
