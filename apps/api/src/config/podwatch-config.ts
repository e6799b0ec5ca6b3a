/**
 * podwatch.yaml: instances, prune and retention settings, alert rules and webhooks. Validated with
 * errors that name the file, the line, the path and what is wrong.
 */
import { readFile } from 'node:fs/promises';
import { ALERT_RULES, parseDuration } from '@podwatch/shared';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const seconds =
    typeof value === 'number' ? (Number.isInteger(value) && value > 0 ? value : null) : parseDuration(value);
  if (seconds === null) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a duration such as 90s, 10m or 2h (got ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  return seconds;
});

/** A duration that may be zero (`0`, `0s`): `warnBefore: 0` switches pre-kill warnings off. */
const durationOrZero = z
  .union([z.literal(0), z.literal('0'), z.literal('0s'), duration])
  .transform((value) => (value === '0' || value === '0s' ? 0 : value));

export const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

const percent = z.number().min(0).max(100);
const money = z.number().nonnegative();

const activitySchema = z
  .object({
    /** A sample whose busiest GPU is at or above this counts as activity. */
    gpuUtilPercent: percent.optional(),
    /** Agent-reported: a GPU compute process present counts as activity. */
    gpuProcess: z.boolean().optional(),
    /** Agent-reported: an open SSH session counts as activity. */
    sshSession: z.boolean().optional(),
  })
  .strict();

const createSpecSchema = z
  .object({
    name: z.string().min(1).optional(),
    image: z.string().min(1).optional(),
    templateId: z.string().min(1).optional(),
    gpuType: z.string().min(1),
    gpuCount: z.number().int().min(1).default(1),
    containerDiskGb: z.number().int().min(1).optional(),
    volumeGb: z.number().int().min(1).optional(),
    volumePath: z.string().startsWith('/').optional(),
    ports: z
      .array(z.string().regex(/^\d+\/(http|tcp|udp)$/, 'must look like 8888/http or 22/tcp'))
      .optional(),
    env: z.record(z.string(), z.string()).optional(),
    cloud: z.enum(['SECURE', 'COMMUNITY']).optional(),
    dataCenterIds: z.array(z.string()).optional(),
  })
  .strict()
  .refine((spec) => spec.image !== undefined || spec.templateId !== undefined, {
    message: 'needs an image or a templateId',
  });

export type CreateSpec = z.infer<typeof createSpecSchema>;

const instanceSchema = z
  .object({
    type: z.enum(['pod', 'serverless']).default('pod'),
    podId: z.string().min(1).optional(),
    create: createSpecSchema.optional(),
    endpointId: z.string().min(1).optional(),
    inactivity: duration.optional(),
    onIdle: z.enum(['stop', 'terminate', 'confirm', 'scaleToZero']).optional(),
    onOrphan: z.enum(['report', 'terminate']).optional(),
    protect: z.boolean().default(false),
    activity: activitySchema.optional(),
    warnBefore: durationOrZero.optional(),
  })
  .strict()
  .superRefine((instance, ctx) => {
    if (instance.type === 'serverless') {
      if (!instance.endpointId)
        ctx.addIssue({
          code: 'custom',
          path: ['endpointId'],
          message: 'is required for a serverless instance',
        });
      for (const key of ['podId', 'create'] as const) {
        if (instance[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'applies to pod instances only' });
      }
      if (instance.onIdle === 'stop' || instance.onIdle === 'terminate') {
        ctx.addIssue({
          code: 'custom',
          path: ['onIdle'],
          message: 'must be confirm or scaleToZero for a serverless instance',
        });
      }
    } else {
      if (instance.endpointId !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['endpointId'],
          message: 'applies to serverless instances only',
        });
      if (instance.onIdle === 'confirm' || instance.onIdle === 'scaleToZero') {
        ctx.addIssue({
          code: 'custom',
          path: ['onIdle'],
          message: 'must be stop or terminate for a pod instance',
        });
      }
    }
  });

const levels = (warnDefault: number, criticalDefault: number) =>
  z
    .object({ warn: money.default(warnDefault), critical: money.default(criticalDefault) })
    .strict()
    .default({ warn: warnDefault, critical: criticalDefault });

/** What a webhook's `events` may list: a change of any alert, or every change of one rule. */
export const WEBHOOK_EVENTS = ['alert.fired', 'alert.resolved', ...ALERT_RULES] as const;

const webhookSchema = z
  .object({
    name: z.string().min(1),
    url: z.url({ protocol: /^https?$/ }),
    /** Signs each payload: `X-Podwatch-Signature: sha256=<hex HMAC of the body>`. */
    secret: z.string().min(8).optional(),
    /** What to deliver: `alert.fired`, `alert.resolved` and/or rule names (`burn-rate`, …); everything when omitted. */
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
  })
  .strict();

const configSchema = z
  .object({
    defaults: z
      .object({
        inactivity: duration.default(1800),
        onIdle: z.enum(['stop', 'terminate']).default('stop'),
        activity: activitySchema.default({}),
        warnBefore: durationOrZero.default(300),
      })
      .strict()
      .default({ inactivity: 1800, onIdle: 'stop', activity: {}, warnBefore: 300 }),
    prune: z
      .object({
        /** How long to wait for RunPod to confirm a stop (EXITED and cost 0). */
        confirmTimeout: duration.default(300),
        enabled: z.boolean().default(true),
        /** A stop RunPod accepted but the pod still runs this long after: sent again. */
        resendAfter: duration.default(60),
        /** Re-sends back off (doubling from resendAfter) up to this interval between sends. */
        resendMaxInterval: duration.default(600),
      })
      .strict()
      .default({ confirmTimeout: 300, enabled: true, resendAfter: 60, resendMaxInterval: 600 }),
    retention: z
      .object({
        raw: duration.default(7 * 86_400),
        rollup5m: duration.default(90 * 86_400),
        rollup1h: duration.default(730 * 86_400),
        /** Audit events, prune runs, collection cycles and settled stop intents. */
        audit: duration.default(90 * 86_400),
      })
      .strict()
      .default({ raw: 7 * 86_400, rollup5m: 90 * 86_400, rollup1h: 730 * 86_400, audit: 90 * 86_400 }),
    alerts: z
      .object({
        burnRatePerHour: money.default(5),
        dailySpend: levels(50, 100),
        balance: levels(25, 10),
        idlePod: duration.default(3600),
      })
      .strict()
      .default({
        burnRatePerHour: 5,
        dailySpend: { warn: 50, critical: 100 },
        balance: { warn: 25, critical: 10 },
        idlePod: 3600,
      }),
    webhooks: z.array(webhookSchema).default([]),
    /** A balance known for certain: the estimate starts from it once RunPod's GraphQL balance is gone. */
    account: z
      .object({
        balance: z.number().finite(),
        balanceAt: z.string().refine((text) => !Number.isNaN(Date.parse(text)), {
          message: 'must be an ISO 8601 time such as 2026-12-03T10:00:00Z',
        }),
      })
      .strict()
      .optional(),
    instances: z
      .record(z.string(), instanceSchema)
      .default({})
      .superRefine((instances, ctx) => {
        for (const name of Object.keys(instances)) {
          if (!INSTANCE_NAME.test(name)) {
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: 'is not a valid name: use lowercase letters, digits and dashes (at most 63)',
            });
          }
        }
      }),
  })
  .strict();

type RawConfig = z.infer<typeof configSchema>;

export interface InstanceConfig {
  name: string;
  type: 'pod' | 'serverless';
  podId: string | null;
  endpointId: string | null;
  createSpec: CreateSpec | null;
  inactivitySeconds: number;
  onIdle: 'stop' | 'terminate' | 'confirm' | 'scaleToZero';
  onOrphan: 'report' | 'terminate';
  protect: boolean;
  gpuUtilThreshold: number;
  activitySignals: { gpuProcess: boolean; sshSession: boolean };
  warnBeforeSeconds: number;
}

export interface PodwatchConfig {
  /** The file it came from, or null when there was none (every default applies, no instances). */
  file: string | null;
  instances: InstanceConfig[];
  prune: RawConfig['prune'];
  retention: RawConfig['retention'];
  alerts: RawConfig['alerts'];
  webhooks: RawConfig['webhooks'];
  /** `account.balance` read at `account.balanceAt`, if the file sets one. */
  account?: { balance: number; balanceAt: Date } | null;
}

export class PodwatchConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line: number | null; message: string }[],
  ) {
    super(
      `${file} is not valid:\n${problems
        .map((p) => `  ${p.line === null ? '' : `line ${p.line}: `}${p.path || '(top level)'} ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'PodwatchConfigError';
  }
}

export function nodeAt(root: unknown, path: PropertyKey[]): YamlNode | null {
  let node = root;
  for (const key of path) {
    if (isMap(node)) node = node.get(String(key), true);
    else if (isSeq(node)) node = node.get(Number(key), true);
    else return null;
  }
  return (node as YamlNode | undefined) ?? null;
}

function resolveInstance(
  name: string,
  raw: RawConfig['instances'][string],
  defaults: RawConfig['defaults'],
): InstanceConfig {
  const activity = { ...defaults.activity, ...raw.activity };
  return {
    name,
    type: raw.type,
    podId: raw.podId ?? null,
    endpointId: raw.endpointId ?? null,
    createSpec: raw.create ?? null,
    inactivitySeconds: raw.inactivity ?? defaults.inactivity,
    onIdle: raw.onIdle ?? (raw.type === 'serverless' ? 'confirm' : defaults.onIdle),
    onOrphan: raw.onOrphan ?? 'report',
    protect: raw.protect,
    gpuUtilThreshold: activity.gpuUtilPercent ?? 10,
    activitySignals: { gpuProcess: activity.gpuProcess ?? true, sshSession: activity.sshSession ?? true },
    warnBeforeSeconds: raw.warnBefore ?? defaults.warnBefore,
  };
}

/** Parses and validates podwatch.yaml text; `file` names it in errors. */
export function parsePodwatchConfig(text: string, file: string): PodwatchConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new PodwatchConfigError(
      file,
      document.errors.map((error) => ({
        path: '',
        line: error.linePos?.[0].line ?? null,
        message: error.message.split('\n')[0] ?? 'is not valid YAML',
      })),
    );
  }
  const parsed = configSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    throw new PodwatchConfigError(
      file,
      parsed.error.issues.map((issue) => {
        const node = nodeAt(document.contents, issue.path);
        const offset = node?.range?.[0];
        return {
          path: issue.path.map(String).join('.'),
          line: offset === undefined ? null : lineCounter.linePos(offset).line,
          message: issue.message,
        };
      }),
    );
  }
  const raw = parsed.data;
  return {
    file,
    instances: Object.entries(raw.instances).map(([name, instance]) =>
      resolveInstance(name, instance, raw.defaults),
    ),
    prune: raw.prune,
    retention: raw.retention,
    alerts: raw.alerts,
    webhooks: raw.webhooks,
    account: raw.account
      ? { balance: raw.account.balance, balanceAt: new Date(raw.account.balanceAt) }
      : null,
  };
}

/** Reads podwatch.yaml; a missing file means "no instances, every default". */
export async function loadPodwatchConfig(file: string): Promise<PodwatchConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { ...parsePodwatchConfig('', file), file: null };
    throw error;
  }
  return parsePodwatchConfig(text, file);
}
