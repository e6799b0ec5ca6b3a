import type { AgentReport } from '@podwatch/shared';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H100_IDLE_XML, PROC_FIRST, scratchDir, smiPrinting } from '../test/support/fixtures.js';
import { type AgentOptions, backoffMs, runAgent } from './agent.js';
import { EXIT, runAgentCli } from './cli.js';

const RESULT = { podId: 'pod1', instance: 'trainer', recordedAt: '2026-11-22T12:00:00.000Z', activity: [] };
const refused = () =>
  Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 10.0.0.1:8080') });

/**
 * A fake world: time moves only when the agent sleeps, the API answers what `answer` says for
 * each attempt, and the agent is stopped after `ticks` cycles. No real waiting anywhere.
 */
function world(answer: (attempt: number) => Response | Error, ticks: number) {
  const stop = new AbortController();
  const posted: AgentReport[] = [];
  const logs: string[] = [];
  let clock = 0;
  let sleeps = 0;
  let attempts = 0;
  const options: Partial<AgentOptions> = {
    signal: stop.signal,
    now: () => new Date(Date.parse('2026-11-22T12:00:00Z') + clock),
    monotonicMs: () => clock,
    random: () => 0.5,
    sleep: (ms) => {
      clock += ms;
      sleeps += 1;
      if (sleeps >= ticks) stop.abort();
      return Promise.resolve();
    },
    fetch: ((_url: string, init: RequestInit) => {
      attempts += 1;
      const outcome = answer(attempts);
      if (outcome instanceof Error) return Promise.reject(outcome);
      posted.push(JSON.parse(init.body as string) as AgentReport);
      return Promise.resolve(outcome);
    }) as typeof fetch,
    log: (line) => logs.push(line),
    write: () => undefined,
  };
  return { options, posted, logs, attempts: () => attempts };
}

const ok = () => new Response(JSON.stringify(RESULT));

describe(runAgent.name, () => {
  let dir: string;
  let sources: Pick<AgentOptions, 'podId' | 'nvidiaSmi' | 'tmux' | 'procRoot' | 'diskPaths' | 'hostname'>;
  beforeAll(async () => {
    dir = await scratchDir();
    sources = {
      podId: 'pod1',
      nvidiaSmi: await smiPrinting(dir, H100_IDLE_XML),
      tmux: 'tmux-not-installed-podwatch',
      procRoot: PROC_FIRST,
      diskPaths: ['/'],
      hostname: 'pod1',
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('buffers while the API is down, drops the oldest when full, then delivers in order with the count', async () => {
    // Attempts 1 and 2 fail (ticks 1 and 2); tick 3 waits out the backoff; tick 4 delivers.
    const w = world((attempt) => (attempt <= 2 ? refused() : ok()), 4);
    const sut = await runAgent({
      ...sources,
      ...w.options,
      url: 'http://podwatch:8080',
      token: 't',
      bufferSize: 2,
    });
    expect(w.posted.map((r) => [r.collectedAt, r.dropped])).toEqual([
      ['2026-11-22T12:00:30.000Z', 2],
      ['2026-11-22T12:00:45.000Z', 0],
    ]);
    expect(w.posted.every((r) => r.sentAt === '2026-11-22T12:00:45.000Z')).toBe(true);
    expect(sut).toMatchObject({ reports: 4, delivered: 2, dropped: 2, pending: 0, rejected: 0 });
    expect(w.logs).toEqual([
      'delivery failed: cannot reach http://podwatch:8080/api/v1/agents/report: connect ECONNREFUSED 10.0.0.1:8080; 1 report(s) buffered, next attempt in 15 s',
      'delivery failed: cannot reach http://podwatch:8080/api/v1/agents/report: connect ECONNREFUSED 10.0.0.1:8080; 2 report(s) buffered, next attempt in 30 s',
      'buffer full (2 reports): dropped the oldest; 1 dropped since the last delivery',
      'buffer full (2 reports): dropped the oldest; 2 dropped since the last delivery',
      'delivering again after 2 failed attempt(s); 1 report(s) still buffered',
    ]);
  });

  it('waits at least as long as Retry-After says', async () => {
    const w = world(
      (attempt) =>
        attempt === 1 ? new Response('{}', { status: 429, headers: { 'retry-after': '120' } }) : ok(),
      3,
    );
    await runAgent({ ...sources, ...w.options, url: 'http://podwatch:8080', token: 't' });
    expect(w.logs[0]).toMatch(/^delivery failed: 429 .*; 1 report\(s\) buffered, next attempt in 120 s$/);
    // Ticks at 15 s and 30 s are within the 120 s: no attempt until then.
    expect(w.attempts()).toBe(1);
  });

  it('drops a report the API refuses and goes on with the next', async () => {
    const w = world(
      (attempt) => (attempt === 1 ? new Response('{"title":"Bad Request"}', { status: 400 }) : ok()),
      2,
    );
    const sut = await runAgent({ ...sources, ...w.options, url: 'http://podwatch:8080', token: 't' });
    expect(sut).toMatchObject({ reports: 2, delivered: 1, rejected: 1, pending: 0 });
    expect(w.logs).toEqual([
      expect.stringMatching(/^the API refused the report of .* \(400 Bad Request\); dropped it$/),
    ]);
  });

  it('outlives anything that goes wrong inside a cycle', async () => {
    const w = world(() => ok(), 2);
    let writes = 0;
    const sut = await runAgent({
      ...sources,
      ...w.options,
      url: 'http://podwatch:8080',
      token: 't',
      print: true,
      write: () => {
        writes += 1;
        if (writes === 1) throw new Error('stdout closed');
      },
    });
    expect(w.logs[0]).toMatch(/^unexpected error in a report cycle: Error: stdout closed/);
    expect(sut).toMatchObject({ reports: 2, delivered: 1 });
  });

  it('grows the backoff exponentially up to five minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((f) => backoffMs(f, 15, () => 0.5))).toEqual([
      15_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000,
    ]);
    expect(backoffMs(1, 15, () => 0)).toBe(12_000);
  });

  describe(runAgentCli.name, () => {
    const once = async (answer: () => Response | Error, env: NodeJS.ProcessEnv = {}) => {
      const w = world(answer, 1);
      const code = await runAgentCli(
        { once: true },
        {
          env: {
            PODWATCH_URL: 'http://podwatch:8080',
            PODWATCH_AGENT_TOKEN: 'agent-token',
            RUNPOD_POD_ID: 'pod1',
            ...env,
          },
          log: (line) => w.logs.push(line),
          overrides: { ...sources, ...w.options },
        },
      );
      return { code, ...w };
    };

    it('exits 0 when the report was delivered, with the token and pod id from the environment', async () => {
      const sut = await once(ok);
      expect(sut.code).toBe(EXIT.ok);
      expect(sut.posted).toHaveLength(1);
      expect(sut.posted[0]?.podId).toBe('pod1');
    });

    it('exits 4 on a bad token, 3 when the API is unreachable, 1 when it refuses the report', async () => {
      expect((await once(() => new Response('{"title":"Unauthorized"}', { status: 401 }))).code).toBe(
        EXIT.unauthorized,
      );
      const unreachable = await once(refused);
      expect(unreachable.code).toBe(EXIT.apiUnreachable);
      expect(unreachable.logs.at(-1)).toMatch(/^the report was not delivered: cannot reach/);
      expect((await once(() => new Response('{}', { status: 400 }))).code).toBe(EXIT.failure);
    });

    it('exits 2 with a clear message when it does not know where to report or as whom', async () => {
      expect((await once(ok, { PODWATCH_URL: '' })).logs).toEqual([
        'where should reports go? Give --url <Podwatch API URL> or set PODWATCH_URL (or --print to only print them)',
      ]);
      const noPod = await once(ok, { RUNPOD_POD_ID: '' });
      expect(noPod.code).toBe(EXIT.usage);
      expect(noPod.logs[0]).toMatch(/^no pod id: RunPod sets RUNPOD_POD_ID/);
      expect((await once(ok, { PODWATCH_AGENT_TOKEN: '' })).logs[0]).toMatch(/^no token: give --token/);
    });
  });
});
