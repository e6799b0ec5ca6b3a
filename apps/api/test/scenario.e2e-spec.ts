/**
 * Fleet scenarios: the real services and the simulator on one virtual clock, judged against the
 * simulator's own history (src/scenario). Real Postgres (a throw-away database per run).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadScenario, parseScenario } from '../src/scenario/scenario-file.js';
import { runScenario, type ScenarioResult } from '../src/scenario/scenario-runner.js';
import type { Scorecard } from '../src/scenario/scorecard.js';
import { repoRoot } from '../src/paths.js';
import { serverAdminUrl, serverReachable } from './support/test-database.js';

async function databaseUrl(): Promise<string | undefined> {
  const url = serverAdminUrl();
  return (await serverReachable(url)) ? url : undefined;
}

/** One busy pod and one idle pod, managed with a 30 min window, for three hours at 5 min steps. */
const busyAndIdle = `
duration: 3h
step: 5m
seed: 11
pods:
  - { name: busy, gpuType: NVIDIA H100 80GB HBM3, profile: training, uptime: 1h, instance: {} }
  - { name: idle, gpuType: NVIDIA H100 80GB HBM3, profile: idle, uptime: 1h, instance: {} }
podwatch:
  defaults: { inactivity: 30m, warnBefore: 10m }
  prune: { confirmTimeout: 1s }
`;

const withoutWall = ({ wallSeconds: _wall, ...rest }: Scorecard) => rest;

describe('fleet scenarios', () => {
  it('runs a day of 50 pods with no wrong kill, no missed stop and no flush before confirmation', async () => {
    const scenario = await loadScenario(join(repoRoot, 'scenarios', 'ci-day.yaml'));
    expect(scenario.pods).toHaveLength(50);
    const { scorecard, failedJobs, failures } = await runScenario(scenario, {
      databaseUrl: await databaseUrl(),
    });
    expect({ failedJobs, failures }).toEqual({ failedJobs: 0, failures: [] });
    expect(scorecard.findings).toEqual([]);
    expect(scorecard).toMatchObject({ wrongKills: 0, missedStops: 0, flushesBeforeConfirmation: 0 });
    // It did act: idle, stalled and finished pods were stopped, the rest left alone.
    expect(scorecard.stops).toBeGreaterThanOrEqual(20);
  }, 240_000);

  describe('one pod busy throughout, one idle throughout', () => {
    let first: ScenarioResult;

    it('stops the idle one at its kill moment: idle dollars within one step of the optimum', async () => {
      first = await runScenario(parseScenario(busyAndIdle, 'busy-and-idle.yaml'), {
        databaseUrl: await databaseUrl(),
      });
      const card = first.scorecard;
      expect(card).toMatchObject({ wrongKills: 0, missedStops: 0, flushesBeforeConfirmation: 0, stops: 1 });
      // H100 at $2.69/h: one 5 min step costs about $0.22.
      const stepCost = (2.69 * 5) / 60;
      expect(card.optimumIdleDollars).toBeGreaterThan(0);
      expect(Math.abs(card.idleDollars - card.optimumIdleDollars)).toBeLessThanOrEqual(stepCost);
    }, 120_000);

    it('gives the same scorecard for the same seed', async () => {
      const again = await runScenario(parseScenario(busyAndIdle, 'busy-and-idle.yaml'), {
        databaseUrl: await databaseUrl(),
      });
      expect(withoutWall(again.scorecard)).toEqual(withoutWall(first.scorecard));
    }, 120_000);

    it('shows wrong kills when the busy threshold is above 100 %: the scorecard can fail', async () => {
      const { scorecard } = await runScenario(parseScenario(busyAndIdle, 'busy-and-idle.yaml'), {
        databaseUrl: await databaseUrl(),
        configure: (config) => ({
          ...config,
          instances: config.instances.map((instance) => ({ ...instance, gpuUtilThreshold: 101 })),
        }),
      });
      expect(scorecard.wrongKills).toBeGreaterThan(0);
      expect(scorecard.findings.join('\n')).toMatch(/wrong kill: busy stop/);
    }, 120_000);
  });
});
