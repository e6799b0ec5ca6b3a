/**
 * The MCP endpoint over real HTTP with the SDK's own client, against the API and the simulator:
 * the five tools, previews that change nothing, validation and failures as tool errors.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = { notebook: 'notebookpod001', trainer: 'trainerpod0001', spare: 'sparepod000001' };
const TOOLS = ['control_pod', 'extend_instance', 'get_runpod_status', 'list_instances', 'prune_preview'];

describe('MCP over streamable HTTP', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let baseUrl: string;
  let client: Client;
  let prisma: PrismaService;

  const connect = async (token?: string) => {
    const mcp = new Client({ name: 'podwatch-test', version: '1.0.0' });
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers } }),
    );
    return mcp;
  };
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const data = (result: CallToolResult) => result.structuredContent as Record<string, unknown>;
  const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;
  const actions = () =>
    Object.entries(sim.control.requestCounts().routes)
      .filter(([route]) => route.startsWith('POST /v2/pods/'))
      .reduce((n, [, count]) => n + count, 0);

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [
        { id: ids.notebook, name: 'notebook', profile: 'idle', costPerHr: 0.59 },
        { id: ids.trainer, name: 'trainer', profile: 'training', costPerHr: 2.69 },
        { id: ids.spare, name: 'spare', profile: 'idle', costPerHr: 0.44 },
      ],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml: `
defaults:
  warnBefore: 0s
instances:
  notebook:
    podId: ${ids.notebook}
    inactivity: 30m
  trainer:
    podId: ${ids.trainer}
    inactivity: 2h
`,
    });
    await sut.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}`;
    prisma = sut.app.get(PrismaService);
    await sut.app.get(CollectorService).collect();
    client = await connect(TEST_ADMIN_TOKEN);
  });

  afterEach(() => {
    expect(sim.contractViolations()).toEqual([]);
  });

  afterAll(async () => {
    await client?.close();
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('needs the admin token, even to list tools', async () => {
    await expect(connect()).rejects.toThrow(/401/);
    await expect(connect('not-the-admin-token-at-all')).rejects.toThrow(/401/);
  });

  it('lists the five tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const control = tools.find((t) => t.name === 'control_pod')!;
    expect(control.inputSchema.properties).toMatchObject({
      action: { enum: ['start', 'stop', 'terminate'] },
      confirm: { type: 'boolean' },
    });
    expect(tools.find((t) => t.name === 'extend_instance')!.inputSchema.required).toEqual([
      'instance',
      'duration',
    ]);
  });

  it('get_runpod_status: the fleet summary, pods, countdowns and costs', async () => {
    const result = await call('get_runpod_status');
    expect(result.isError).toBeFalsy();
    const status = data(result) as {
      fleet: Record<string, unknown>;
      instances: { name: string; countdown: string; podStatus: string }[];
      unmanagedPods: { id: string }[];
    };
    expect(status.fleet).toMatchObject({ runningPods: 3, burnRatePerHour: 3.72, projectedPerDay: 89.28 });
    expect(status.fleet.spendToday).toEqual({ amount: 0, basis: 'estimated' });
    expect(status.instances.map((i) => [i.name, i.podStatus, i.countdown])).toEqual([
      ['notebook', 'RUNNING', '00:30:00'],
      ['trainer', 'RUNNING', '02:00:00'],
    ]);
    expect(status.unmanagedPods.map((p) => p.id)).toEqual([ids.spare]);
    expect(text(result)).toMatch(
      /^3 running pod\(s\) burning \$3\.72\/h \(\$89\.28\/day, \$2,678\.40\/month\)\./,
    );

    const one = data(await call('get_runpod_status', { instance: 'trainer' })) as { instances: unknown[] };
    expect(one.instances).toHaveLength(1);
  });

  it('list_instances: every instance with its countdown', async () => {
    const result = await call('list_instances');
    expect(
      (data(result).instances as { name: string; state: string }[]).map((i) => [i.name, i.state]),
    ).toEqual([
      ['notebook', 'counting'],
      ['trainer', 'active'],
    ]);
  });

  it('control_pod without confirm only previews: nothing is sent and nothing changes', async () => {
    sim.control.resetRequestCounts();
    const auditsBefore = await prisma.auditEvent.count();
    for (const args of [
      { instance: 'notebook', action: 'stop' },
      { instance: 'trainer', action: 'terminate', confirm: false },
      { podId: ids.spare, action: 'stop' },
      { instance: 'notebook', action: 'start' },
    ]) {
      const result = await call('control_pod', args);
      expect(result.isError).toBeFalsy();
      expect(data(result)).toMatchObject({ preview: true, executed: false });
      expect(text(result)).toMatch(/^Preview only, nothing changed: /);
    }
    expect(text(await call('control_pod', { instance: 'notebook', action: 'stop' }))).toContain(
      'would stop pod notebook (notebookpod001, RUNNING at $0.59/h) of notebook',
    );
    expect(actions()).toBe(0);
    expect(sim.control.listPods().every((p) => p.status === 'RUNNING')).toBe(true);
    expect(await prisma.auditEvent.count()).toBe(auditsBefore);
  });

  it('control_pod with confirm: true acts, audited as mcp', async () => {
    const result = await call('control_pod', { podId: ids.spare, action: 'stop', confirm: true });
    expect(result.isError).toBeFalsy();
    expect(data(result)).toMatchObject({ preview: false, executed: true });
    expect(text(result)).toMatch(/it is now EXITED/);
    expect(sim.control.listPods().find((p) => p.id === ids.spare)?.status).toBe('EXITED');
    expect(await prisma.auditEvent.findFirst({ where: { podId: ids.spare, kind: 'action' } })).toMatchObject({
      actor: 'mcp',
      outcome: 'ok',
    });
  });

  it('extend_instance moves the kill moment, audited; a bad duration is a tool error', async () => {
    const result = await call('extend_instance', { instance: 'notebook', duration: '1h' });
    expect(data(result)).toMatchObject({
      instance: 'notebook',
      extendedBySeconds: 3600,
      timeUntilKill: 5400,
    });
    expect(await prisma.auditEvent.findFirst({ where: { kind: 'extend' } })).toMatchObject({ actor: 'mcp' });

    const bad = await call('extend_instance', { instance: 'notebook', duration: 'soon' });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/duration must be a duration such as 30m/);
  });

  it('prune_preview is a dry run that says what prune would do and why', async () => {
    clock.advance(3 * 3600_000);
    await sut.app.get(CollectorService).collect();
    sim.control.resetRequestCounts();
    const result = await call('prune_preview');
    const decisions = data(result).decisions as { instance: string; action: string; code: string }[];
    expect(decisions).toEqual([
      expect.objectContaining({ instance: 'notebook', action: 'stop', code: 'due' }),
      expect.objectContaining({ instance: 'trainer', action: 'none', code: 'counting' }),
    ]);
    expect(text(result)).toMatch(/^Prune would act on 1 instance\(s\) now:/);
    expect(actions()).toBe(0);
    expect(await prisma.pruneRun.findFirst({ orderBy: { startedAt: 'desc' } })).toMatchObject({
      dryRun: true,
      trigger: 'mcp',
    });
  });

  it('returns failures and invalid input as tool errors, not crashes', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['control_pod', { instance: 'nope', action: 'stop' }, /No instance named "nope"/],
      [
        'control_pod',
        { instance: 'notebook', podId: ids.spare, action: 'stop' },
        /exactly one of instance or podId/,
      ],
      ['control_pod', { instance: 'notebook', action: 'reboot' }, /Input validation error/],
      [
        'control_pod',
        { podId: 'unknownpod0001', action: 'stop', confirm: true },
        /No pod with id "unknownpod0001"/,
      ],
      ['extend_instance', { instance: 'notebook' }, /Input validation error/],
      ['get_runpod_status', { instance: 'nope' }, /No instance named "nope"/],
      ['prune_preview', { instance: 'nope' }, /No instance named "nope"/],
      ['no_such_tool', {}, /Tool no_such_tool not found/],
    ];
    for (const [name, args, message] of cases) {
      const result = await call(name, args);
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(message);
    }
    // RunPod refusing (409: the pod is already stopped) is a tool error too.
    const refused = await call('control_pod', { podId: ids.spare, action: 'stop', confirm: true });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/RunPod refused/);
    // And the server is still there.
    expect((await client.listTools()).tools).toHaveLength(5);
  });

  it('answers GET and DELETE with 405: the server is stateless', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${baseUrl}/mcp`, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, accept: 'text/event-stream' },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });
});
