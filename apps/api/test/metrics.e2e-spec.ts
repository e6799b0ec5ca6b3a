/**
 * GET /metrics: Prometheus text format (parsed by a third-party parser and checked line by line)
 * carrying the pod, countdown, collector, RunPod and prune series after real activity.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = { trainer: 'trainerpod0001', stuck: 'stuckpod000001', spare: 'sparepod000001' };
const READ_TOKEN = 'metrics-read-token-0123456789';

/** name{labels} value, the only line shape besides # HELP / # TYPE. */
const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)$/;

describe('Prometheus metrics', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let text: string;
  let families: Map<string, MetricFamily>;

  const samples = (name: string) => {
    const family = families.get(name);
    if (!family) throw new Error(`no ${name} in /metrics`);
    return family.metrics;
  };
  const value = (name: string, labels: Record<string, string> = {}) => {
    const match = samples(name).find((m) =>
      Object.entries(labels).every(([key, expected]) => m.labels?.[key] === expected),
    );
    if (!match) throw new Error(`no ${name} with ${JSON.stringify(labels)}`);
    return Number(match.value);
  };

  const line = (series: string) => {
    const found = text.split('\n').find((l) => l.startsWith(`${series} `));
    if (!found) throw new Error(`no ${series} in /metrics`);
    return Number(found.slice(series.length + 1));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Rate limiting on, so that responses carry RateLimit headers.
    sim = await startTestSimulator({
      clock,
      rateLimit: { perMinute: 600, perHour: 30_000, perDay: 500_000 },
      pods: [
        { id: ids.trainer, name: 'trainer', profile: 'training', gpuTypeId: 'NVIDIA H100 80GB HBM3' },
        { id: ids.stuck, name: 'stuck', profile: 'idle', costPerHr: 0.59 },
        { id: ids.spare, name: 'spare', profile: 'idle', gpuCount: 2 },
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
prune:
  confirmTimeout: 1s
instances:
  trainer:
    podId: ${ids.trainer}
    inactivity: 1h
  stuck:
    podId: ${ids.stuck}
    inactivity: 2m
`,
    });
    const collector = sut.app.get(CollectorService);
    expect((await collector.collect()).ok).toBe(true);
    // A stop RunPod accepts but never carries out: one prune action, one failed confirmation.
    sim.control.setStuck(ids.stuck, true);
    clock.advance(5 * 60_000);
    expect((await collector.collect()).ok).toBe(true);
    const prune = sut.app.get(PruneService);
    await prune.run({ trigger: 'schedule', dryRun: false, instance: 'stuck' });
    clock.advance(2_000);
    const run = await prune.run({ trigger: 'schedule', dryRun: false, instance: 'stuck' });
    expect(run.summary.confirmationFailures).toBe(1);
    // One RunPod error (404 is an answer: not retried), which fails a cycle.
    sim.control.addFault({ route: 'GET /v2/pods', kind: 'status', status: 404, times: 1 });
    expect((await collector.collect()).ok).toBe(false);

    const response = await sut.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    text = response.body;
    families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('is Prometheus text format, line by line', () => {
    const lines = text.split('\n').filter((line) => line !== '');
    for (const line of lines) {
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      expect(line).toMatch(SAMPLE_LINE);
    }
    for (const family of families.values()) expect(family.help).not.toBe('');
    expect(families.size).toBeGreaterThan(20);
  });

  it('carries each pod’s status and cost per hour, labelled with its instance', () => {
    expect(
      value('podwatch_pod_status', { pod_id: ids.trainer, instance: 'trainer', status: 'RUNNING' }),
    ).toBe(1);
    expect(value('podwatch_pod_status', { pod_id: ids.spare, instance: '', pod_name: 'spare' })).toBe(1);
    expect(value('podwatch_pod_cost_per_hour_dollars', { pod_id: ids.stuck })).toBe(0.59);
    expect(families.get('podwatch_pod_status')?.type).toBe('GAUGE');
  });

  it('carries GPU, CPU and memory utilisation from the latest sample', () => {
    expect(
      value('podwatch_pod_gpu_utilization_percent', { pod_id: ids.trainer, gpu: '0' }),
    ).toBeGreaterThanOrEqual(90);
    expect(
      samples('podwatch_pod_gpu_utilization_percent').filter((m) => m.labels?.pod_id === ids.spare),
    ).toHaveLength(2);
    expect(value('podwatch_pod_gpu_utilization_max_percent', { pod_id: ids.trainer })).toBeGreaterThanOrEqual(
      90,
    );
    expect(
      value('podwatch_pod_gpu_memory_utilization_percent', { pod_id: ids.trainer, gpu: '0' }),
    ).toBeGreaterThan(50);
    expect(value('podwatch_pod_cpu_utilization_percent', { pod_id: ids.trainer })).toBeGreaterThan(0);
    expect(value('podwatch_pod_memory_utilization_percent', { pod_id: ids.trainer })).toBeGreaterThan(0);
    expect(value('podwatch_pod_gpu_temperature_celsius', { pod_id: ids.trainer })).toBeGreaterThan(30);
    expect(value('podwatch_pod_gpu_power_watts', { pod_id: ids.trainer })).toBeGreaterThan(100);
  });

  it('carries the seconds until kill per instance, and staleness', () => {
    // The last collection was 2 s before /metrics was read (prune's second tick came 2 s later).
    expect(value('podwatch_instance_seconds_until_kill', { instance: 'trainer', state: 'active' })).toBe(
      3598,
    );
    expect(value('podwatch_instance_seconds_until_kill', { instance: 'stuck' })).toBe(0);
    expect(value('podwatch_instance_stale', { instance: 'trainer' })).toBe(1);
  });

  it('carries collector cycle durations by outcome', () => {
    expect(families.get('podwatch_collector_cycle_duration_seconds')?.type).toBe('HISTOGRAM');
    // The parser folds labelled histograms together; their counts are read from the lines.
    expect(line('podwatch_collector_cycle_duration_seconds_count{outcome="ok"}')).toBe(2);
    expect(line('podwatch_collector_cycle_duration_seconds_count{outcome="failed"}')).toBe(1);
    expect(line('podwatch_collector_cycle_duration_seconds_bucket{le="+Inf",outcome="ok"}')).toBe(2);
    expect(value('podwatch_collector_cycles_total', { outcome: 'failed' })).toBe(1);
    expect(value('podwatch_collector_last_success_timestamp_seconds')).toBe(
      Date.parse('2026-11-22T12:05:00Z') / 1000,
    );
  });

  it('carries RunPod requests, errors and rate-limit remaining', () => {
    // Two collections and prune's one look at the fleet on its confirming tick.
    expect(value('podwatch_runpod_requests_total', { api: 'rest', route: '/v2/pods', status: '200' })).toBe(
      3,
    );
    expect(value('podwatch_runpod_requests_total', { api: 'rest', route: '/v2/pods', status: '404' })).toBe(
      1,
    );
    expect(value('podwatch_runpod_requests_total', { api: 'graphql', status: '200' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(value('podwatch_runpod_errors_total', { route: '/v2/pods', error: 'HTTP 404' })).toBe(1);
    const remaining = value('podwatch_runpod_rate_limit_remaining', { api: 'rest' });
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(600);
    expect(families.get('podwatch_runpod_request_duration_seconds')?.type).toBe('HISTOGRAM');
  });

  it('carries prune actions and confirmation failures', () => {
    expect(value('podwatch_prune_actions_total', { action: 'stop', outcome: 'ok' })).toBe(1);
    expect(value('podwatch_prune_confirmation_failures_total')).toBe(1);
    expect(value('podwatch_alerts_open', { rule: 'prune-confirmation', severity: 'critical' })).toBe(1);
  });

  it('carries the fleet burn rate and the account balance', () => {
    expect(value('podwatch_fleet_running_pods')).toBe(3);
    expect(value('podwatch_fleet_burn_rate_dollars_per_hour')).toBeGreaterThan(0.59);
    expect(value('podwatch_account_balance_dollars')).toBeGreaterThan(0);
  });

  it('needs the read token once PODWATCH_READ_TOKEN is set', async () => {
    const guarded = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), PODWATCH_READ_TOKEN: READ_TOKEN, PODWATCH_RATE_LIMIT: '0' },
    });
    try {
      expect((await guarded.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      for (const token of [READ_TOKEN, TEST_ADMIN_TOKEN]) {
        const response = await guarded.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.statusCode).toBe(200);
      }
    } finally {
      await guarded.close();
    }
  });
});
