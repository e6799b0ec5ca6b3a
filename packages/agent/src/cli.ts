/**
 * The command line shared by `podwatch-agent` and `podwatch agent`: flags and environment to
 * options, SIGTERM/SIGINT to a clean stop, outcomes to exit codes (those of the `podwatch` CLI).
 */
import { hostname } from 'node:os';
import { type AgentOptions, type AgentSummary, DEFAULT_INTERVAL_SECONDS, runAgent } from './agent.js';
import { DEFAULT_BUFFER_SIZE } from './buffer.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, apiUnreachable: 3, unauthorized: 4 } as const;

export interface AgentFlags {
  url?: string;
  token?: string;
  podId?: string;
  /** Seconds, or `15s` / `2m`. */
  interval?: string | number;
  once?: boolean;
  print?: boolean;
  bufferSize?: string | number;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `15`, `15s`, `2m` → seconds (1 s to 1 h). */
export function parseInterval(value: string | number): number {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text);
  const seconds = match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : NaN;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new UsageError(`--interval must be from 1s to 60m, such as 15, 15s or 2m (got "${text}")`);
  }
  return seconds;
}

const POD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Flags win over the environment; says what is missing in words a person can act on. */
export function resolveAgentOptions(
  flags: AgentFlags,
  env: NodeJS.ProcessEnv,
): { options: AgentOptions; notes: string[] } {
  const notes: string[] = [];
  const url = (flags.url ?? env.PODWATCH_URL)?.trim() || undefined;
  if (url !== undefined && (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))) {
    throw new UsageError(`--url must be the http(s) URL of the Podwatch API (got "${url}")`);
  }
  if (!url && !flags.print) {
    throw new UsageError(
      'where should reports go? Give --url <Podwatch API URL> or set PODWATCH_URL (or --print to only print them)',
    );
  }
  let podId = (flags.podId ?? env.RUNPOD_POD_ID)?.trim() || undefined;
  if (podId !== undefined && !POD_ID.test(podId)) {
    throw new UsageError(`--pod-id must be a RunPod pod id (letters, digits, - and _; got "${podId}")`);
  }
  if (!podId) {
    if (url) {
      throw new UsageError(
        'no pod id: RunPod sets RUNPOD_POD_ID in every pod; elsewhere give --pod-id <id of the pod>',
      );
    }
    podId = hostname();
    notes.push(`no --pod-id or RUNPOD_POD_ID: the printed reports name the host (${podId})`);
  }
  const token = (flags.token ?? env.PODWATCH_AGENT_TOKEN ?? env.PODWATCH_TOKEN)?.trim() || undefined;
  if (url && !token) {
    throw new UsageError(
      "no token: give --token or set PODWATCH_AGENT_TOKEN (the API's agent token, or its admin token)",
    );
  }
  const bufferSize = flags.bufferSize === undefined ? DEFAULT_BUFFER_SIZE : Number(flags.bufferSize);
  if (!Number.isInteger(bufferSize) || bufferSize < 1 || bufferSize > 100_000) {
    throw new UsageError(`--buffer-size must be a whole number from 1 to 100000 (got "${flags.bufferSize}")`);
  }
  return {
    notes,
    options: {
      ...(url ? { url } : {}),
      ...(token ? { token } : {}),
      podId,
      intervalSeconds:
        flags.interval === undefined ? DEFAULT_INTERVAL_SECONDS : parseInterval(flags.interval),
      once: flags.once ?? false,
      print: flags.print ?? false,
      bufferSize,
      nvidiaSmi: env.NVIDIA_SMI?.trim() || 'nvidia-smi',
    },
  };
}

/** 0 delivered (or only printed); 1 refused as invalid; 3 unreachable or failing; 4 bad token. */
export function exitCodeFor(summary: AgentSummary): number {
  const last = summary.last;
  if (!last || last.kind === 'delivered') return EXIT.ok;
  if (last.kind === 'rejected') return EXIT.failure;
  return last.status === 401 || last.status === 403 ? EXIT.unauthorized : EXIT.apiUnreachable;
}

export interface AgentIo {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  write?: (text: string) => void;
  /** Overrides for tests (sources, fetch, sleep, …). */
  overrides?: Partial<AgentOptions>;
}

const stamp = (line: string) => `${new Date().toISOString()} podwatch-agent: ${line}`;

/** Runs the agent until SIGTERM/SIGINT (or once); returns the exit code. */
export async function runAgentCli(flags: AgentFlags, io: AgentIo = {}): Promise<number> {
  const log = io.log ?? ((line: string) => process.stderr.write(`${stamp(line)}\n`));
  let resolved: ReturnType<typeof resolveAgentOptions>;
  try {
    resolved = resolveAgentOptions(flags, io.env ?? process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      log(error.message);
      return EXIT.usage;
    }
    throw error;
  }
  const { options, notes } = resolved;
  for (const note of notes) log(note);

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) log(`${signal}: stopping`);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  if (!options.once) {
    log(
      `reporting pod ${options.podId} every ${options.intervalSeconds} s${options.url ? ` to ${options.url}` : ' (printing only)'}; nvidia-smi: ${options.nvidiaSmi}`,
    );
  }
  try {
    const summary = await runAgent({
      ...options,
      signal: stop.signal,
      log,
      ...(io.write ? { write: io.write } : {}),
      ...io.overrides,
    });
    if (!options.once) {
      log(
        `stopped after ${summary.reports} report(s): ${summary.delivered} delivered, ${summary.pending} not delivered, ${summary.dropped} dropped, ${summary.rejected} refused`,
      );
    } else if (summary.last && summary.last.kind !== 'delivered') {
      log(`the report was not delivered: ${summary.last.reason}`);
    }
    return exitCodeFor(summary);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
