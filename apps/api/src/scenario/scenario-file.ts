/**
 * A scenario file (YAML): a simulated fleet with a timeline, faults switched on and off, and the
 * podwatch.yaml to run it under. Validated with zod; errors name the file, the line and the path.
 * Documented with an example in packages/runpod-simulator/README.md.
 */
import { readFile } from 'node:fs/promises';
import { parseDuration } from '@podwatch/shared';
import {
  PROFILE_NAMES,
  type FaultInput,
  type ProfileName,
  type SimEndpointInput,
} from '@podwatch/runpod-simulator';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import {
  INSTANCE_NAME,
  nodeAt,
  parsePodwatchConfig,
  PodwatchConfigError,
  type PodwatchConfig,
} from '../config/podwatch-config.js';

/** A duration (`90s`, `10m`, `2d6h`) or a number of seconds; `0` allowed where `zero` is. */
const duration = (zero = false) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const seconds =
      typeof value === 'number'
        ? Number.isInteger(value) && value >= 0
          ? value
          : null
        : value.trim() === '0' || value.trim() === '0s'
          ? 0
          : parseDuration(value);
    if (seconds === null || (seconds === 0 && !zero)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a duration such as 90s, 10m, 2h or 1d6h (got ${JSON.stringify(value)})`,
      });
      return z.NEVER;
    }
    return seconds;
  });

const profile = z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]]);

const timelineEvent = z
  .object({
    at: duration(true),
    profile: profile.optional(),
    stuck: z.boolean().optional(),
    /** What a person does in RunPod's console: stop, start or terminate the pod. */
    status: z.enum(['EXITED', 'RUNNING', 'TERMINATED']).optional(),
    /** Seconds that REST `cost` stays at the running rate after the pod's next stop. */
    billingLag: duration(true).optional(),
  })
  .strict()
  .refine((e) => [e.profile, e.stuck, e.status, e.billingLag].filter((v) => v !== undefined).length === 1, {
    message: 'needs exactly one of profile, stuck, status or billingLag',
  });

/** Instance settings for a pod managed under its own name (podwatch.yaml's instance keys). */
const instanceShortcut = z.union([z.literal(false), z.record(z.string(), z.unknown())]);

const podSchema = z
  .object({
    name: z.string().regex(INSTANCE_NAME, 'must be lowercase letters, digits and dashes'),
    /** This many pods named `<name>-1` … `<name>-n`. */
    count: z.number().int().min(1).max(100_000).optional(),
    gpuType: z.string().min(1).optional(),
    gpuCount: z.number().int().min(1).optional(),
    cpu: z.object({ flavorId: z.string(), vcpuCount: z.number().int() }).strict().optional(),
    profile: profile.default('idle'),
    status: z.enum(['RUNNING', 'EXITED', 'PROVISIONING', 'STARTING', 'ERROR']).optional(),
    uptime: duration(true).optional(),
    costPerHr: z.number().nonnegative().optional(),
    cloud: z.enum(['SECURE', 'COMMUNITY']).optional(),
    stuck: z.boolean().optional(),
    billingLag: duration(true).optional(),
    timeline: z.array(timelineEvent).default([]),
    /** Manage the pod as an instance of its own name with these settings; false: unmanaged. */
    instance: instanceShortcut.optional(),
  })
  .strict();

const endpointSchema = z
  .object({
    name: z.string().regex(INSTANCE_NAME, 'must be lowercase letters, digits and dashes'),
    pools: z.array(z.string()).optional(),
    gpuCount: z.number().int().min(1).optional(),
    workers: z
      .object({
        min: z.number().int().min(0).optional(),
        max: z.number().int().min(0).optional(),
        idleTimeout: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
    coldStartSeconds: z.number().nonnegative().optional(),
    traffic: z
      .object({ jobsPerMinute: z.number().positive(), durationSeconds: z.number().positive() })
      .strict()
      .optional(),
    instance: instanceShortcut.optional(),
  })
  .strict();

const faultSchema = z
  .object({
    at: duration(true),
    /** How long it stays on; until the end when left out. */
    for: duration().optional(),
    fault: z.record(z.string(), z.unknown()).refine((f) => typeof f.kind === 'string', {
      message: 'needs a kind (status, rate-limit, latency, hang, malformed, graphql-error, reset)',
    }),
  })
  .strict();

const scenarioSchema = z
  .object({
    duration: duration(),
    step: duration(),
    seed: z.number().int().min(0).default(1),
    /** The simulated start; fixed, so that a seed gives the same run. */
    start: z.iso.datetime().default('2026-01-05T00:00:00Z'),
    /** The simulator's documented rate limits (60/min, 3000/h, 50000/day); off by default. */
    rateLimit: z.boolean().default(false),
    pods: z.array(podSchema).default([]),
    endpoints: z.array(endpointSchema).default([]),
    faults: z.array(faultSchema).default([]),
    podwatch: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.step > s.duration)
      ctx.addIssue({ code: 'custom', path: ['step'], message: 'is longer than duration' });
    const names = new Set<string>();
    s.pods.forEach((pod, index) => {
      for (const name of expandNames(pod.name, pod.count)) {
        if (names.has(name))
          ctx.addIssue({ code: 'custom', path: ['pods', index, 'name'], message: `names pod ${name} twice` });
        names.add(name);
      }
    });
    s.endpoints.forEach((ep, index) => {
      if (names.has(ep.name))
        ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'name'], message: `${ep.name} is taken` });
      names.add(ep.name);
    });
  });

export type ScenarioPod = z.infer<typeof podSchema>;
export type TimelineEvent = z.infer<typeof timelineEvent>;

export interface ScenarioFault {
  atSeconds: number;
  forSeconds: number | null;
  fault: FaultInput;
}

/** One simulated pod, expanded (`count`) and named. */
export interface ResolvedPod {
  name: string;
  spec: ScenarioPod;
}

export interface Scenario {
  file: string;
  durationSeconds: number;
  stepSeconds: number;
  seed: number;
  start: Date;
  rateLimit: boolean;
  pods: ResolvedPod[];
  endpoints: (SimEndpointInput & { name: string })[];
  faults: ScenarioFault[];
  /**
   * podwatch.yaml as an object: the file's `podwatch` plus an instance per pod or endpoint with
   * `instance` settings; `podId`/`endpointId` still name pods and endpoints, resolved to ids by
   * `podwatchConfig` once the simulator has made them.
   */
  podwatch: Record<string, unknown>;
}

export class ScenarioFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file} is not a valid scenario:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScenarioFileError';
  }
}

export function expandNames(name: string, count: number | undefined): string[] {
  if (count === undefined) return [name];
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `${name}-${String(i + 1).padStart(width, '0')}`);
}

/** Parses and validates scenario YAML; `file` names it in errors. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ScenarioFileError(
      file,
      document.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0] ?? ''}`),
    );
  }
  const parsed = scenarioSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    throw new ScenarioFileError(
      file,
      parsed.error.issues.map((issue) => {
        const offset = nodeAt(document.contents, issue.path)?.range?.[0];
        const line = offset === undefined ? '' : `line ${lineCounter.linePos(offset).line}: `;
        return `${line}${issue.path.map(String).join('.') || '(top level)'} ${issue.message}`;
      }),
    );
  }
  const raw = parsed.data;
  const instances: Record<string, unknown> = {};
  const pods: ResolvedPod[] = [];
  for (const spec of raw.pods) {
    for (const name of expandNames(spec.name, spec.count)) {
      pods.push({ name, spec });
      if (spec.instance) instances[name] = { ...spec.instance, podId: name };
    }
  }
  const endpoints = raw.endpoints.map((ep) => {
    if (ep.instance) instances[ep.name] = { type: 'serverless', ...ep.instance, endpointId: ep.name };
    const { instance: _instance, ...input } = ep;
    return input;
  });
  const explicit = (raw.podwatch.instances ?? {}) as Record<string, unknown>;
  const scenario: Scenario = {
    file,
    durationSeconds: raw.duration,
    stepSeconds: raw.step,
    seed: raw.seed,
    start: new Date(raw.start),
    rateLimit: raw.rateLimit,
    pods,
    endpoints,
    faults: raw.faults.map((f) => ({
      atSeconds: f.at,
      forSeconds: f.for ?? null,
      fault: f.fault as unknown as FaultInput,
    })),
    podwatch: { ...raw.podwatch, instances: { ...instances, ...explicit } },
  };
  // Validate podwatch.yaml now (with names for ids), so that a bad one fails before anything starts.
  podwatchConfig(scenario, new Map());
  return scenario;
}

export async function loadScenario(file: string): Promise<Scenario> {
  return parseScenario(await readFile(file, 'utf8'), file);
}

/**
 * The scenario's podwatch.yaml with pod and endpoint names replaced by the simulator's ids
 * (`ids`: name → id; a name not in it stays as it is, e.g. a real id).
 */
export function podwatchConfig(scenario: Scenario, ids: ReadonlyMap<string, string>): PodwatchConfig {
  const instances = scenario.podwatch.instances as Record<string, Record<string, unknown>>;
  const resolved: Record<string, unknown> = {};
  for (const [name, instance] of Object.entries(instances)) {
    const copy = { ...instance };
    for (const key of ['podId', 'endpointId'] as const) {
      if (typeof copy[key] === 'string') copy[key] = ids.get(copy[key]) ?? copy[key];
    }
    resolved[name] = copy;
  }
  try {
    return parsePodwatchConfig(stringify({ ...scenario.podwatch, instances: resolved }), scenario.file);
  } catch (error) {
    if (!(error instanceof PodwatchConfigError)) throw error;
    throw new ScenarioFileError(
      scenario.file,
      error.problems.map((p) => `podwatch.${p.path || '(top level)'} ${p.message}`),
    );
  }
}
