/**
 * Alert rules and their delivery: evaluated after each collection against the simulator (fake
 * clock, real Postgres), fired once per crossing, resolved when clear, in the events stream and
 * sent to local webhook receivers, signed, retried with backoff without holding collection up.
 */
import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AlertView, EventsPage, WebhookDeliveryView } from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { WebhooksService } from '../src/alerts/webhooks.service.js';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const ids = { alpha: 'alphapod000001', beta: 'betapod0000001', gamma: 'gammapod000001' };
const SECRET = 'topsecret-123';
const TEN_MINUTES = 10 * 60_000;
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

interface SlackBody {
  text: string;
  attachments: { color: string; title: string; fields: { title: string; value: string }[] }[];
  podwatch: { event: string; alert: AlertView };
}

describe('alert rules and webhooks', () => {
  const clock = new FakeClock('2026-11-22T22:30:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let receiver: WebhookReceiver;
  let sut: TestApp;
  let collector: CollectorService;
  let webhooks: WebhooksService;

  const get = async <T>(url: string) => {
    const response = await sut.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };
  const alerts = (query = '') => get<AlertView[]>(`/api/v1/alerts${query}`);
  const open = async (rule: string) => (await alerts(`?open=true&rule=${rule}`)).map((a) => a.subject).sort();
  const cycle = async () => {
    clock.advance(TEN_MINUTES);
    expect((await collector.collect()).ok).toBe(true);
  };
  const hooks = (path: string) =>
    receiver.received
      .filter((hook) => hook.path === path)
      .map((hook) => ({ ...hook, json: JSON.parse(hook.body) as SlackBody }));

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startWebhookReceiver();
    sim = await startTestSimulator({
      clock,
      balance: 20,
      pods: [
        { id: ids.alpha, name: 'alpha', profile: 'idle', costPerHr: 0.59, uptimeSeconds: 3600 },
        { id: ids.beta, name: 'beta', profile: 'idle', costPerHr: 0.59, uptimeSeconds: 3600 },
        { id: ids.gamma, name: 'gamma', profile: 'training', costPerHr: 0.59, uptimeSeconds: 3600 },
      ],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), STATS_INTERVAL: '10m', PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml: `
alerts:
  burnRatePerHour: 1.5
  dailySpend: { warn: 0.5, critical: 100 }
  balance: { warn: 25, critical: 10 }
  idlePod: 30m
webhooks:
  - name: ops
    url: ${receiver.url('/ops')}
    secret: ${SECRET}
  - name: flaky
    url: ${receiver.url('/flaky')}
    events: [burn-rate]
instances:
  alpha:
    podId: ${ids.alpha}
    inactivity: 24h
`,
    });
    collector = sut.app.get(CollectorService);
    webhooks = sut.app.get(WebhooksService);
  });

  afterAll(async () => {
    await sut?.close();
    await receiver?.close();
    await sim?.close();
    await db?.drop();
  });

  it('fires the burn-rate and balance alerts after a collection, without waiting for a slow receiver', async () => {
    const held = receiver.hold('/flaky');
    try {
      expect((await collector.collect()).ok).toBe(true);
      // Collection is over while the flaky receiver still holds its request; the ops receiver
      // answers at once, so wait (on the real clock, under whatever load) for its two deliveries.
      await held.arrived;
      const pending = () => get<WebhookDeliveryView[]>('/api/v1/webhook-deliveries?status=pending');
      for (let waited = 0; (await pending()).some((d) => d.webhook === 'ops'); waited += 50) {
        if (waited > 10_000) throw new Error('the ops deliveries never settled');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await pending()).toEqual([
        expect.objectContaining({ webhook: 'flaky', attempts: 1, deliveredAt: null }),
      ]);

      expect(await open('burn-rate')).toEqual(['fleet']);
      expect(await open('balance-warning')).toEqual(['fleet']);
      expect(await open('balance-critical')).toEqual([]);
      const [burn] = await alerts('?rule=burn-rate');
      expect(burn).toMatchObject({ severity: 'warning', value: 1.77, threshold: 1.5, open: true });
      expect(burn!.message).toBe('Burn rate $1.77/h is above $1.50/h: 3 running pod(s), $42.48/day');
    } finally {
      held.release(500);
      await webhooks.drain();
    }
  });

  it('delivers a signed, Slack-compatible payload to the receiver', async () => {
    await webhooks.drain();
    const delivered = hooks('/ops');
    expect(delivered.map((h) => h.json.podwatch.alert.rule).sort()).toEqual(['balance-warning', 'burn-rate']);
    for (const hook of delivered) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(hook.body).digest('hex')}`;
      expect(hook.headers['x-podwatch-signature']).toBe(expected);
      expect(hook.headers['x-podwatch-timestamp']).toBe(String(Date.parse('2026-11-22T22:30:00Z') / 1000));
      expect(hook.headers['x-podwatch-event']).toBe('alert.fired');
      expect(hook.headers['content-type']).toBe('application/json');
    }
    const burn = delivered.find((h) => h.json.podwatch.alert.rule === 'burn-rate')!.json;
    expect(burn.text).toBe(
      ':warning: [warning] Burn rate $1.77/h is above $1.50/h: 3 running pod(s), $42.48/day',
    );
    expect(burn.attachments[0]).toMatchObject({ color: '#fbca04', title: 'burn-rate · fleet' });
    expect(burn.attachments[0]!.fields).toContainEqual({ title: 'Threshold', value: '1.5', short: true });
    expect(burn.podwatch).toMatchObject({
      event: 'alert.fired',
      alert: { subject: 'fleet', value: 1.77, open: true },
    });
    // Unsigned without a secret.
    expect(hooks('/flaky')[0]!.headers['x-podwatch-signature']).toBeUndefined();
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    const [failed] = await get<WebhookDeliveryView[]>('/api/v1/webhook-deliveries?status=pending');
    expect(failed).toMatchObject({
      webhook: 'flaky',
      event: 'alert.fired',
      attempts: 1,
      responseStatus: 500,
      lastError: 'HTTP 500: receiver down',
      nextAttemptAt: '2026-11-22T22:30:30.000Z',
    });
    expect(await webhooks.retryDue()).toBe(0);
    clock.advance(30_000);
    expect(await webhooks.retryDue()).toBe(1);
    const log = await get<WebhookDeliveryView[]>('/api/v1/webhook-deliveries');
    expect(log.find((d) => d.id === failed!.id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      responseStatus: 200,
      lastError: null,
      deliveredAt: '2026-11-22T22:30:30.000Z',
    });
    expect(hooks('/flaky')).toHaveLength(2);
  });

  it('fires once per crossing, not once per cycle', async () => {
    await cycle();
    await cycle();
    await webhooks.drain();
    expect(await alerts('?rule=burn-rate')).toHaveLength(1);
    expect(hooks('/ops').filter((h) => h.json.podwatch.alert.rule === 'burn-rate')).toHaveLength(1);
    // 20 minutes at $1.77/h is past the $0.50 daily warning, far from the critical level.
    expect(await open('daily-spend-warning')).toEqual(['fleet']);
    expect(await open('daily-spend-critical')).toEqual([]);
    const [daily] = await alerts('?rule=daily-spend-warning');
    expect(daily!.value).toBeGreaterThanOrEqual(0.5);
  });

  it('raises idle-pod for pods running idle past the window, not for the busy one', async () => {
    await cycle();
    expect(await open('idle-pod')).toEqual([ids.alpha, ids.beta].sort());
    const alpha = (await alerts('?rule=idle-pod')).find((a) => a.subject === ids.alpha)!;
    expect(alpha.message).toMatch(
      /^alpha has been running idle for at least 30m at \$0\.59\/h \(\$14\.16\/day\)/,
    );
    expect(alpha.data).toMatchObject({ instance: 'alpha', podId: ids.alpha });
    const events = await get<EventsPage>('/api/v1/events?kind=alert&limit=20');
    expect(events.events.find((e) => e.alert?.id === alpha.id)).toMatchObject({
      instance: 'alpha',
      podId: ids.alpha,
    });
  });

  it('resolves idle-pod once an agent is active in the pod, and the events stream carries it', async () => {
    const before = await get<EventsPage>('/api/v1/events?limit=1');
    clock.advance(TEN_MINUTES - 30_000);
    const beat = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/agents/heartbeat',
      headers: admin,
      payload: { podId: ids.beta, agent: 'claude', status: 'active' },
    });
    expect(beat.statusCode).toBe(200);
    clock.advance(30_000);
    expect((await collector.collect()).ok).toBe(true);
    expect(await open('idle-pod')).toEqual([ids.alpha]);

    const since = await get<EventsPage>(`/api/v1/events?after=${before.cursor}`);
    const resolved = since.events.find((e) => e.kind === 'alert' && e.detail.change === 'resolved');
    expect(resolved).toMatchObject({ reason: 'beta: an agent is active in it', outcome: 'ok' });
    expect(resolved!.alert).toMatchObject({ rule: 'idle-pod', subject: ids.beta, open: false });
    expect(Number(since.cursor)).toBeGreaterThan(Number(before.cursor));
    expect((await get<EventsPage>(`/api/v1/events?after=${since.cursor}`)).events).toEqual([]);
  });

  it('resolves the burn rate when it drops and fires again on the next crossing', async () => {
    const stop = await sut.app.inject({
      method: 'POST',
      url: `/api/v1/pods/${ids.gamma}/actions`,
      headers: admin,
      payload: { action: 'stop' },
    });
    expect(stop.statusCode).toBe(200);
    await cycle();
    expect(await open('burn-rate')).toEqual([]);
    await webhooks.drain();
    const resolved = hooks('/ops').find(
      (h) => h.json.podwatch.event === 'alert.resolved' && h.json.podwatch.alert.rule === 'burn-rate',
    );
    expect(resolved?.json.text).toBe(
      ':white_check_mark: Resolved burn-rate (fleet): Burn rate back to $1.18/h (threshold $1.50/h)',
    );
    expect(resolved?.headers['x-podwatch-event']).toBe('alert.resolved');

    const start = await sut.app.inject({
      method: 'POST',
      url: `/api/v1/pods/${ids.gamma}/actions`,
      headers: admin,
      payload: { action: 'start' },
    });
    expect(start.statusCode).toBe(200);
    await cycle();
    const history = await alerts('?rule=burn-rate');
    expect(history.map((a) => a.open)).toEqual([true, false]);
  });

  it('resolves the daily spend alert once a new UTC day begins', async () => {
    while (clock.now() < new Date('2026-11-23T00:05:00Z')) await cycle();
    expect(await open('daily-spend-warning')).toEqual([]);
    const [daily] = await alerts('?rule=daily-spend-warning');
    expect(daily!.resolvedAt!.startsWith('2026-11-23')).toBe(true);
    await webhooks.drain();
  });
});

describe('pre-kill warnings', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [{ id: 'deltapod000001', name: 'delta', profile: 'idle' }],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml:
        'instances:\n  delta:\n    podId: deltapod000001\n    inactivity: 20m\n    warnBefore: 10m\n',
    });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('resolves the warning when activity moves the countdown', async () => {
    const collector = sut.app.get(CollectorService);
    await collector.collect();
    clock.advance(11 * 60_000);
    await collector.collect();
    const run = await sut.app.get(PruneService).run({ trigger: 'schedule', dryRun: false });
    expect(run.summary.warnings).toBe(1);
    const [warning] = (
      await sut.app.inject({ method: 'GET', url: '/api/v1/alerts?rule=pre-kill-warning' })
    ).json<AlertView[]>();
    expect(warning).toMatchObject({ open: true, data: { instance: 'delta' } });

    const ping = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/delta/activity',
      headers: admin,
      payload: { detail: 'user came back' },
    });
    expect(ping.statusCode).toBe(200);
    clock.advance(60_000);
    await collector.collect();
    const [after] = (
      await sut.app.inject({ method: 'GET', url: '/api/v1/alerts?rule=pre-kill-warning' })
    ).json<AlertView[]>();
    expect(after).toMatchObject({ id: warning!.id, open: false });
  });
});
