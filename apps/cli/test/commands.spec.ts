/**
 * The commands against a real API (built, spawned, embedded database) that watches a RunPod
 * simulator started here, so that the test can see RunPod's side of every action.
 */
import type { DashboardResponse, InstanceSnapshot, PodView, PruneRunView } from '@podwatch/shared';
import { type RunningSimulator, startSimulator } from '@podwatch/runpod-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  firstCollection,
  freePort,
  getFromApi,
  RUNPOD_KEY,
  type RunningApi,
  startApi,
} from './support/api-server.js';
import { type CliResult, runCli } from './support/cli.js';

const EXIT = { ok: 0, usage: 2, apiUnreachable: 3, unauthorized: 4, notFound: 5, confirmationFailed: 6 };

const ids = {
  trainer: 'trainerpod0001',
  notebook: 'notebookpod001',
  idler: 'idlerpod000001',
  stuck: 'stuckpod000001',
  keeper: 'keeperpod00001',
  orphan: 'orphanpod00001',
};

const config = `
defaults:
  warnBefore: 0s
prune:
  confirmTimeout: 2s
  resendAfter: 1s
instances:
  trainer:
    podId: ${ids.trainer}
    inactivity: 2h
  notebook:
    podId: ${ids.notebook}
    inactivity: 1h
  idler:
    podId: ${ids.idler}
    inactivity: 2s
  stuck:
    podId: ${ids.stuck}
    inactivity: 2s
  keeper:
    podId: ${ids.keeper}
    inactivity: 2s
    protect: true
`;

let sim: RunningSimulator;
let api: RunningApi;
let env: Record<string, string>;

const cli = (...args: string[]): Promise<CliResult> => runCli(args, env);

const get = <T>(path: string): Promise<T> => getFromApi<T>(api, path);

function simPod(id: string) {
  const pod = sim.control.listPods().find((p) => p.id === id);
  if (!pod) throw new Error(`no simulated pod ${id}`);
  return pod;
}

/** Fields that change between two reads although nothing happened. */
function withoutVolatile(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'generatedAt' || key === 'timeUntilKill' ? undefined : v,
    ),
  );
}

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: RUNPOD_KEY,
    rateLimit: false,
    pods: [
      {
        id: ids.trainer,
        name: 'trainer',
        profile: 'training',
        gpuTypeId: 'NVIDIA H100 80GB HBM3',
        volumeInGb: 100,
      },
      { id: ids.notebook, name: 'notebook', profile: 'idle', volumeInGb: 50 },
      { id: ids.idler, name: 'idler', profile: 'idle' },
      { id: ids.stuck, name: 'stuck', profile: 'idle', stuck: true },
      { id: ids.keeper, name: 'keeper', profile: 'idle' },
      { id: ids.orphan, name: 'orphan', profile: 'inference' },
    ],
  });
  // Nothing scheduled during the test: every collection and prune is one the test asks for.
  api = await startApi({ simulator: sim, config, env: { STATS_INTERVAL: '1h', PRUNE_INTERVAL: '1h' } });
  env = { PODWATCH_URL: api.url, PODWATCH_TOKEN: ADMIN_TOKEN };
  // The API collects once at start-up; a second cycle meanwhile would be refused (409).
  await firstCollection(api);
  const collected = await cli('stats');
  expect(collected.code, collected.stderr).toBe(EXIT.ok);
});

afterAll(async () => {
  await api?.stop();
  await sim?.close();
});

describe('podwatch status', () => {
  it('--json prints the API dashboard, parseable and equal to GET /dashboard', async () => {
    const result = await cli('status', '--json');
    expect(result.code, result.stderr).toBe(EXIT.ok);
    const printed = JSON.parse(result.stdout) as DashboardResponse;
    const fromApi = await get<DashboardResponse>('/dashboard');
    expect(withoutVolatile(printed)).toEqual(withoutVolatile(fromApi));
    expect(printed.instances.map((i) => i.instance).sort()).toEqual([
      'idler',
      'keeper',
      'notebook',
      'stuck',
      'trainer',
    ]);
  });

  it('prints the burn rate, each instance and the unmanaged pods as text', async () => {
    const result = await cli('status');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/6 pods running · burn \$[\d.]+\/h/);
    for (const name of ['trainer', 'notebook', 'idler', 'stuck', 'keeper'])
      expect(result.stdout).toContain(name);
    expect(result.stdout).toContain('Unmanaged pods');
    expect(result.stdout).toContain(ids.orphan);
    expect(result.stdout).not.toContain('\u001b[');
  });
});

describe('podwatch pods', () => {
  it('--json equals GET /pods, and --unmanaged keeps only pods without an instance', async () => {
    const all = await cli('pods', '--json');
    expect(JSON.parse(all.stdout)).toEqual(await get<PodView[]>('/pods'));
    const unmanaged = JSON.parse((await cli('pods', '--unmanaged', '--json')).stdout) as PodView[];
    expect(unmanaged.map((p) => p.id)).toEqual([ids.orphan]);
  });
});

describe('podwatch prune --dry-run', () => {
  it('lists every decision and changes nothing', async () => {
    // idler's 2 s window runs out after the first collection: wait until prune would act on it.
    let run: PruneRunView | undefined;
    await expect
      .poll(
        async () => {
          const result = await cli('prune', '--dry-run', '--json');
          expect(result.code, result.stderr).toBe(EXIT.ok);
          run = JSON.parse(result.stdout) as PruneRunView;
          return run.decisions.find((d) => d.instance === 'idler')?.code;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('due');
    const before = await get<DashboardResponse>('/dashboard');

    const text = await cli('prune', '--dry-run');
    expect(text.code, text.stderr).toBe(EXIT.ok);
    expect(text.stdout).toContain('dry run');
    expect(text.stdout).toMatch(/idler\s+idlerpod000001\s+stop\s+due\s+would stop/);
    expect(text.stdout).toMatch(/keeper\s+keeperpod00001\s+none\s+protected/);
    expect(text.stdout).toMatch(/trainer\s+trainerpod0001\s+none\s+(counting|active)/);
    expect(text.stdout).toContain('Dry run: nothing was stopped, terminated or flushed.');

    expect(run?.dryRun).toBe(true);
    // A dry run audits its decisions, and nothing else: no RunPod call, no confirmation, no flush.
    expect(new Set(run?.steps.map((step) => step.kind))).toEqual(new Set(['decision']));
    for (const decision of run?.decisions ?? []) expect(['planned', 'none']).toContain(decision.result);
    for (const id of [ids.idler, ids.stuck, ids.notebook]) expect(simPod(id).status).toBe('RUNNING');
    const after = await get<DashboardResponse>('/dashboard');
    expect(after.instances.map((i) => [i.instance, i.pod?.status, i.flushedAt])).toEqual(
      before.instances.map((i) => [i.instance, i.pod?.status, i.flushedAt]),
    );
  });
});

describe('podwatch stop', () => {
  it('--yes stops the pod: RunPod has it EXITED and the API shows it', async () => {
    const result = await cli('stop', 'notebook', '--yes');
    expect(result.code, result.stderr).toBe(EXIT.ok);
    expect(result.stdout).toContain(`Stopped notebook: pod ${ids.notebook} is EXITED, $0.00/h.`);
    expect(simPod(ids.notebook).status).toBe('EXITED');
    const snapshot = await get<InstanceSnapshot>('/instances/notebook');
    expect(snapshot.pod?.status).toBe('EXITED');
  });

  it('refuses without --yes when stdin is not a terminal, and stops nothing', async () => {
    const result = await cli('stop', 'trainer');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain(`Stop trainer: pod ${ids.trainer}`);
    expect(result.stderr).toContain('Pass --yes');
    expect(simPod(ids.trainer).status).toBe('RUNNING');
  });

  it('says so and succeeds when the pod is already stopped', async () => {
    const result = await cli('stop', 'notebook', '--yes');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toContain('already stopped (EXITED)');
  });
});

describe('exit codes', () => {
  it('unknown instance', async () => {
    const result = await cli('stop', 'nope', '--yes');
    expect(result.code).toBe(EXIT.notFound);
    expect(result.stderr).toMatch(/^podwatch: .*nope/);
  });

  it('bad token', async () => {
    const result = await runCli(['extend', 'trainer', '10m'], {
      ...env,
      PODWATCH_TOKEN: 'not-the-admin-token',
    });
    expect(result.code).toBe(EXIT.unauthorized);
    expect(result.stderr).toContain('PODWATCH_TOKEN');
  });

  it('API unreachable', async () => {
    const result = await runCli(['status'], { ...env, PODWATCH_URL: `http://127.0.0.1:${await freePort()}` });
    expect(result.code).toBe(EXIT.apiUnreachable);
    expect(result.stderr).toContain('Cannot reach the Podwatch API at http://127.0.0.1:');
  });

  it('bad usage', async () => {
    expect((await cli('extend', 'trainer', 'soon')).code).toBe(EXIT.usage);
    expect((await cli('dashboard', '--refresh', '0')).code).toBe(EXIT.usage);
    expect((await cli('no-such-command')).code).toBe(EXIT.usage);
  });
});

describe('podwatch extend', () => {
  it('pushes the prune time later by the duration', async () => {
    const before = await get<InstanceSnapshot>('/instances/trainer');
    const result = await cli('extend', 'trainer', '30m', '--json');
    expect(result.code, result.stderr).toBe(EXIT.ok);
    const after = JSON.parse(result.stdout) as InstanceSnapshot;
    expect(Date.parse(after.killAt ?? '') - Date.parse(before.killAt ?? '')).toBeGreaterThanOrEqual(
      30 * 60_000,
    );
    expect(after.lastActivity?.signal).toBe('extend');
  });
});

describe('podwatch prune', () => {
  it('stops a due instance, confirms it and flushes it, step by step', async () => {
    const result = await cli('prune', 'idler');
    expect(result.code, result.stderr + result.stdout).toBe(EXIT.ok);
    const steps = result.stdout.slice(result.stdout.indexOf('Steps'), result.stdout.indexOf('Decisions'));
    const kinds = [...steps.matchAll(/^\s+\d\d:\d\d:\d\d\s+(\w+)\s+idler\s+ok/gm)].map((m) => m[1]);
    expect(kinds).toEqual(['decision', 'runpod_call', 'confirmation', 'flush']);
    expect(result.stdout).toMatch(/idler\s+idlerpod000001\s+stop\s+resume\s+flushed/);
    expect(result.stdout).toMatch(/Summary: 1 instance · 1 due · 1 stopped .* 1 flushed/);
    expect(simPod(ids.idler).status).toBe('EXITED');
  });

  it('exits non-zero when RunPod does not confirm the stop', async () => {
    const result = await cli('prune', 'stuck');
    expect(result.code).toBe(EXIT.confirmationFailed);
    expect(result.stdout).toMatch(/stuck\s+stuckpod000001\s+stop\s+resume\s+confirmation-failed/);
    expect(result.stderr).toContain('stop not confirmed for stuck (pod stuckpod000001)');
  });
});

describe('podwatch stats', () => {
  it('runs a collection cycle and shows the instance', async () => {
    const result = await cli('stats', 'trainer', '--json');
    expect(result.code, result.stderr).toBe(EXIT.ok);
    const printed = JSON.parse(result.stdout) as {
      collection: { ok: boolean; pods: number };
      instance: InstanceSnapshot;
    };
    expect(printed.collection.ok).toBe(true);
    expect(printed.collection.pods).toBe(6);
    expect(printed.instance.instance).toBe('trainer');
    expect(printed.instance.telemetry?.gpuUtilMax).toBeGreaterThan(0);

    const text = await cli('stats');
    expect(text.stdout).toMatch(/Collected 6 pods and \d+ samples in \d+ ms/);
    expect(text.stdout).toMatch(/trainer\s+RUNNING\s+\d+%/);
  });
});

describe('podwatch dashboard without a terminal', () => {
  it('prints one plain frame of the instance and exits', async () => {
    const result = await runCli(['dashboard', 'trainer'], { ...env, COLUMNS: '120' });
    expect(result.code, result.stderr).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/Time until prune: \d\d:\d\d:\d\d/);
    expect(result.stdout).toContain(`pod ${ids.trainer}`);
    for (const label of ['Specs', 'Telemetry', 'CPU', 'Memory', 'GPU mem', 'Temp', 'Power']) {
      expect(result.stdout).toContain(label);
    }
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('prints the fleet table', async () => {
    const result = await runCli(['dashboard'], { ...env, COLUMNS: '100' });
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('INSTANCE / POD');
    expect(result.stdout).toMatch(/notebook\s+stopped\s+EXITED/);
    expect(result.stdout).toContain('unmanaged pods');
  });

  it('names the known instances when asked for an unknown one', async () => {
    const result = await cli('dashboard', 'nope');
    expect(result.code).toBe(EXIT.notFound);
    expect(result.stderr).toContain(
      'No instance named "nope". Instances: idler, keeper, notebook, stuck, trainer.',
    );
  });
});
