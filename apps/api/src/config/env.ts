/**
 * The environment, validated once at start-up into one typed object. Nothing else reads process.env.
 * Every variable is documented in .env.example and the README's configuration table.
 */
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '@podwatch/shared';
import { z } from 'zod';
import { defaultStateDir, repoRoot } from '../paths.js';

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const duration = (fallback: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        const seconds = parseDuration(text);
        if (seconds === null) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a duration such as 30s, 10m or 2h (got "${text}")`,
          });
          return z.NEVER;
        }
        return seconds;
      }),
  );

const url = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine((text) => URL.canParse(text), { message: 'must be a URL' })
    .optional(),
);

const port = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(String(fallback))
      .transform((text, ctx) => {
        const value = Number(text);
        if (!/^\d+$/.test(text) || value < 0 || value > 65_535) {
          ctx.addIssue({ code: 'custom', message: `must be a port number from 0 to 65535 (got "${text}")` });
          return z.NEVER;
        }
        return value;
      }),
  );

/** A whole number ≥ 0 (0 turns the feature off). */
const count = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(String(fallback))
      .transform((text, ctx) => {
        if (!/^\d+$/.test(text)) {
          ctx.addIssue({ code: 'custom', message: `must be a whole number (got "${text}")` });
          return z.NEVER;
        }
        return Number(text);
      }),
  );

const token = z.preprocess(
  emptyToUndefined,
  z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
);

/** Fastify's `trustProxy`: off, on, a hop count, or the proxies' addresses (IPs, CIDRs, named ranges). */
export type TrustProxy = boolean | number | string[];

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isProxyAddress = (entry: string) => {
  if (PROXY_RANGES.has(entry) || isIP(entry) !== 0) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  return (
    version !== 0 &&
    rest.length === 0 &&
    prefix !== undefined &&
    /^\d+$/.test(prefix) &&
    Number(prefix) <= (version === 4 ? 32 : 128)
  );
};

const trustProxy = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('false')
    .transform((text, ctx): TrustProxy => {
      if (text === 'false') return false;
      if (text === 'true') return true;
      if (/^\d+$/.test(text)) return Number(text);
      const entries = text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const bad = entries.filter((entry) => !isProxyAddress(entry));
      if (entries.length === 0 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be true, false, a hop count, or proxy addresses such as 10.0.0.1,192.168.0.0/16,loopback (got "${bad.join(',') || text}")`,
        });
        return z.NEVER;
      }
      return entries;
    }),
);

const envSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((text) => /^postgres(ql)?:\/\//.test(text) && URL.canParse(text), {
        message: 'must be a postgresql:// URL',
      })
      .optional(),
  ),
  RUNPOD_API_KEY: optionalString,
  RUNPOD_REST_URL: url,
  RUNPOD_GRAPHQL_URL: url,
  RUNPOD_SERVERLESS_URL: url,
  RUNPOD_TIMEOUT: duration('30s'),
  RUNPOD_MAX_RETRIES: count(2),
  RUNPOD_GRAPHQL: z.preprocess(emptyToUndefined, z.enum(['auto', 'off']).default('auto')),
  SIM_GRAPHQL: z.preprocess(emptyToUndefined, z.enum(['up', 'gone']).default('up')),
  PODWATCH_CONFIG: z.preprocess(emptyToUndefined, z.string().optional()),
  PODWATCH_STATE_DIR: optionalString,
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: port(8080),
  PODWATCH_ADMIN_TOKEN: token,
  PODWATCH_READ_TOKEN: token,
  PODWATCH_AGENT_TOKEN: token,
  STATS_INTERVAL: duration('60s'),
  PRUNE_INTERVAL: duration('60s'),
  PODWATCH_CORS_ORIGINS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .refine(
        (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
        {
          message: 'must be a comma-separated list of origins such as https://podwatch.example.com',
        },
      )
      .optional(),
  ),
  PODWATCH_RATE_LIMIT: count(600),
  PODWATCH_TRUST_PROXY: trustProxy,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(['json', 'pretty']).optional()),
  PODWATCH_DEMO_HISTORY: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
});

/** Every variable the API reads. */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

export interface AppConfig {
  /** `undefined`: run the embedded PGlite database under `stateDir`. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  stateDir: string;
  /** Path of podwatch.yaml (may not exist). */
  configFile: string;
  /** PODWATCH_CONFIG was set (demo mode then uses it rather than the bundled demo configuration). */
  configFileExplicit: boolean;
  runpod: {
    /** `undefined`: demo mode, served by the built-in simulator. */
    apiKey: string | undefined;
    restUrl: string;
    graphqlUrl: string;
    serverlessUrl: string;
    /** Per attempt. */
    timeoutSeconds: number;
    /** Retries after the first attempt (408, 429, 5xx, network errors). */
    maxRetries: number;
    /** `auto`: use GraphQL until it answers 410/404, then never again in this process; `off`: never. */
    graphql: 'auto' | 'off';
    /** Demo mode only: the built-in simulator's GraphQL (`gone` answers 410, as after RunPod retires it). */
    demoGraphql: 'up' | 'gone';
  };
  auth: {
    /** `undefined`: generated at first start and kept in `<stateDir>/admin-token`. */
    adminToken: string | undefined;
    readToken: string | undefined;
    /** Opens only agent reports and heartbeats: the token to hand to pods. */
    agentToken: string | undefined;
  };
  /** Origins allowed to call the API from a browser; none: CORS stays closed. */
  corsOrigins: string[];
  /** Requests per minute per client address (mutations: a quarter of it); 0: no limit. */
  rateLimitPerMinute: number;
  /** Which `X-Forwarded-For` hops to believe for the client address (rate limits, logs). */
  trustProxy: TrustProxy;
  statsIntervalSeconds: number;
  pruneIntervalSeconds: number;
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    format: 'json' | 'pretty';
  };
  demo: boolean;
  /** Demo mode on an empty database: simulate the week before the first start (charts show a week). */
  demoHistory: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable} ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const fromRoot = (path: string) => (isAbsolute(path) ? path : resolve(repoRoot, path));

export function loadEnv(env: NodeJS.ProcessEnv = process.env, options: { isTTY?: boolean } = {}): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  // A token is known by its value alone: the agent token must not also be the admin or read token.
  if (
    e.PODWATCH_AGENT_TOKEN !== undefined &&
    [e.PODWATCH_ADMIN_TOKEN, e.PODWATCH_READ_TOKEN].includes(e.PODWATCH_AGENT_TOKEN)
  ) {
    throw new ConfigError([
      {
        variable: 'PODWATCH_AGENT_TOKEN',
        message: 'must differ from PODWATCH_ADMIN_TOKEN and PODWATCH_READ_TOKEN',
      },
    ]);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    stateDir: e.PODWATCH_STATE_DIR ? fromRoot(e.PODWATCH_STATE_DIR) : defaultStateDir,
    configFile: fromRoot(e.PODWATCH_CONFIG ?? 'podwatch.yaml'),
    configFileExplicit: e.PODWATCH_CONFIG !== undefined,
    runpod: {
      apiKey: e.RUNPOD_API_KEY,
      restUrl: e.RUNPOD_REST_URL ?? 'https://api.runpod.io/v2',
      graphqlUrl: e.RUNPOD_GRAPHQL_URL ?? 'https://api.runpod.io/graphql',
      serverlessUrl: e.RUNPOD_SERVERLESS_URL ?? 'https://api.runpod.ai/v2',
      timeoutSeconds: e.RUNPOD_TIMEOUT,
      maxRetries: e.RUNPOD_MAX_RETRIES,
      graphql: e.RUNPOD_GRAPHQL,
      demoGraphql: e.SIM_GRAPHQL,
    },
    auth: {
      adminToken: e.PODWATCH_ADMIN_TOKEN,
      readToken: e.PODWATCH_READ_TOKEN,
      agentToken: e.PODWATCH_AGENT_TOKEN,
    },
    corsOrigins: e.PODWATCH_CORS_ORIGINS ?? [],
    rateLimitPerMinute: e.PODWATCH_RATE_LIMIT,
    trustProxy: e.PODWATCH_TRUST_PROXY,
    statsIntervalSeconds: e.STATS_INTERVAL,
    pruneIntervalSeconds: e.PRUNE_INTERVAL,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (options.isTTY ? 'pretty' : 'json') },
    demo: e.RUNPOD_API_KEY === undefined,
    demoHistory: e.PODWATCH_DEMO_HISTORY === 'on',
  };
}
