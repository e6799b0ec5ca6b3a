/**
 * Runs a scenario: the simulator seeded with its pods and endpoints, its timeline and faults as
 * timed events, the real API stepped through it on one FakeClock (simulation.ts), and a scorecard
 * judged against the simulator's own history.
 */
import { startSimulator, type SimPodInput } from '@podwatch/runpod-simulator';
import { FakeClock } from '../common/clock.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { createScenarioDatabase } from './scenario-database.js';
import { podwatchConfig, type ResolvedPod, type Scenario } from './scenario-file.js';
import { computeScorecard, type PodPolicy, type Scorecard } from './scorecard.js';
import { simulate, type TimedEvent } from './simulation.js';

const RUNPOD_KEY = 'rpa_SCENARIO_podwatch_simulated';

export interface RunScenarioOptions {
  /** Overrides the file's seed. */
  seed?: number;
  /** Stops after this much simulated time (a benchmark's sample of a long scenario); judged up to there. */
  untilSeconds?: number;
  /** A PostgreSQL server to create the throw-away database on; the embedded one when unset. */
  databaseUrl?: string;
  onStep?: (done: number, total: number, at: Date) => void;
  /** Changes the podwatch.yaml the run uses (a test breaks the busy threshold on purpose). */
  configure?: (config: PodwatchConfig) => PodwatchConfig;
}

export interface ScenarioResult {
  scorecard: Scorecard;
  /** Jobs that threw during the run (the schedulers would log them). */
  failedJobs: number;
  failures: string[];
  wallMs: { collect: number; prune: number; maintenance: number; events: number; total: number };
}

function podInput(pod: ResolvedPod): SimPodInput {
  const { spec } = pod;
  return {
    name: pod.name,
    profile: spec.profile,
    ...(spec.gpuType !== undefined ? { gpuTypeId: spec.gpuType } : {}),
    ...(spec.gpuCount !== undefined ? { gpuCount: spec.gpuCount } : {}),
    ...(spec.cpu !== undefined ? { cpu: spec.cpu } : {}),
    ...(spec.status !== undefined ? { status: spec.status } : {}),
    ...(spec.uptime !== undefined ? { uptimeSeconds: spec.uptime } : {}),
    ...(spec.costPerHr !== undefined ? { costPerHr: spec.costPerHr } : {}),
    ...(spec.cloud !== undefined ? { cloud: spec.cloud } : {}),
    ...(spec.stuck !== undefined ? { stuck: spec.stuck } : {}),
  };
}

const ACTION_FOR_STATUS = { EXITED: 'stop', RUNNING: 'start', TERMINATED: 'terminate' } as const;

export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const wallStarted = performance.now();
  const startMs = scenario.start.getTime();
  const stepMs = scenario.stepSeconds * 1000;
  const seconds = Math.min(scenario.durationSeconds, options.untilSeconds ?? Infinity);
  const steps = Math.ceil(seconds / scenario.stepSeconds);
  const clock = new FakeClock(startMs);
  const sim = await startSimulator({
    clock,
    seed: options.seed ?? scenario.seed,
    apiKey: RUNPOD_KEY,
    pods: scenario.pods.map(podInput),
    endpoints: scenario.endpoints.map((ep) => ({ ...ep, id: ep.name })),
    ...(scenario.rateLimit ? {} : { rateLimit: false as const }),
  });
  try {
    const ids = new Map(sim.control.listPods().map((pod) => [pod.name, pod.id]));
    const idOf = (name: string) => ids.get(name)!;
    for (const pod of scenario.pods) {
      if (pod.spec.billingLag) sim.control.setBillingLag(idOf(pod.name), pod.spec.billingLag);
    }
    let podwatch = podwatchConfig(scenario, ids);
    if (options.configure) podwatch = options.configure(podwatch);
    const events = timeline(scenario, startMs, idOf, sim.control);
    const database = await createScenarioDatabase(options.databaseUrl);
    try {
      const result = await simulate(
        {
          clock,
          sim,
          runpodApiKey: RUNPOD_KEY,
          database,
          podwatch,
          startMs,
          stepMs,
          steps,
          events,
          ...(options.onStep ? { onStep: options.onStep } : {}),
        },
        async (app, report) => {
          const prisma = app.get(PrismaService);
          const flushes = await prisma.auditEvent.findMany({
            where: { kind: 'flush', podId: { not: null } },
            select: { podId: true, occurredAt: true },
          });
          const alertsFired = await prisma.alert.count();
          const policies = policiesByPod(podwatch);
          const wallMs = { ...report.wallMs, total: performance.now() - wallStarted };
          const scorecard = computeScorecard({
            startMs,
            endMs: startMs + steps * stepMs,
            stepMs,
            confirmTimeoutMs: podwatch.prune.confirmTimeout * 1000,
            pods: sim.control.history().map((history) => ({
              history,
              policy: policies.get(history.id) ?? { managed: false, protect: false, inactivitySeconds: 0 },
            })),
            flushes: flushes.map((f) => ({ podId: f.podId!, at: f.occurredAt.getTime() })),
            runpodRequests: sim.control.requestCounts().total,
            steps,
            alertsFired,
            wallSeconds: wallMs.total / 1000,
          });
          return { scorecard, failedJobs: report.failedJobs, failures: report.failures, wallMs };
        },
      );
      // Without `onlyIf` the simulation always runs.
      return result!;
    } finally {
      await database.drop();
    }
  } finally {
    await sim.close();
  }
}

function policiesByPod(podwatch: PodwatchConfig): Map<string, PodPolicy> {
  const policies = new Map<string, PodPolicy>();
  for (const instance of podwatch.instances) {
    if (instance.type !== 'pod' || !instance.podId) continue;
    policies.set(instance.podId, {
      managed: true,
      protect: instance.protect,
      inactivitySeconds: instance.inactivitySeconds,
    });
  }
  return policies;
}

/** The pods' timelines and the faults as events in time order (stable for equal times). */
function timeline(
  scenario: Scenario,
  startMs: number,
  idOf: (name: string) => string,
  control: Awaited<ReturnType<typeof startSimulator>>['control'],
): TimedEvent[] {
  const events: TimedEvent[] = [];
  for (const pod of scenario.pods) {
    const id = idOf(pod.name);
    for (const event of pod.spec.timeline) {
      const at = startMs + event.at * 1000;
      events.push({
        at,
        apply: () => {
          if (event.profile !== undefined) control.setProfile(id, event.profile);
          else if (event.stuck !== undefined) control.setStuck(id, event.stuck);
          else if (event.billingLag !== undefined) control.setBillingLag(id, event.billingLag);
          else if (event.status !== undefined) {
            const current = control.listPods().find((p) => p.id === id)?.status;
            // Asking for the status it already has is not an error in a timeline: nothing to do.
            if (current !== event.status) control.podAction(id, ACTION_FOR_STATUS[event.status]);
          }
        },
      });
    }
  }
  for (const fault of scenario.faults) {
    let added: string | null = null;
    events.push({
      at: startMs + fault.atSeconds * 1000,
      apply: () => {
        added = control.addFault(fault.fault).id;
      },
    });
    if (fault.forSeconds !== null) {
      events.push({
        at: startMs + (fault.atSeconds + fault.forSeconds) * 1000,
        apply: () => {
          if (added !== null) control.removeFault(added);
        },
      });
    }
  }
  return events.sort((a, b) => a.at - b.at);
}
