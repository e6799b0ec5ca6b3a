/**
 * `podwatch agent` against a real API (built, spawned) that watches a RunPod simulator: with
 * NVIDIA_SMI pointing at a script that prints the real H100 capture, one `--once` report is
 * stored as an agent sample, and a report with a GPU process resets the instance's countdown.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentReport, InstanceSnapshot, TelemetrySeries } from '@podwatch/shared';
import { type RunningSimulator, startSimulator } from '@podwatch/runpod-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFromApi, RUNPOD_KEY, type RunningApi, startApi } from './support/api-server.js';
import { runCli } from './support/cli.js';

const H100_IDLE_XML = fileURLToPath(
  new URL('../../../packages/agent/test/fixtures/nvidia-smi/h100-idle-q.xml', import.meta.url),
);
const AGENT_TOKEN = 'cli-test-agent-token-0123456789';
const POD = 'trainerpod0001';

let sim: RunningSimulator;
let api: RunningApi;
let dir: string;

async function nvidiaSmiPrinting(name: string, xml: string): Promise<string> {
  const file = join(dir, `${name}.xml`);
  await writeFile(file, xml);
  const script = join(dir, name);
  await writeFile(script, `#!/bin/sh\ncat '${file}'\n`);
  await chmod(script, 0o755);
  return script;
}

const agent = (nvidiaSmi: string, ...args: string[]) =>
  runCli(['agent', '--once', ...args], {
    PODWATCH_URL: api.url,
    PODWATCH_AGENT_TOKEN: AGENT_TOKEN,
    RUNPOD_POD_ID: POD,
    NVIDIA_SMI: nvidiaSmi,
  });

const get = <T>(path: string): Promise<T> => getFromApi<T>(api, path);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podwatch-cli-agent-'));
  sim = await startSimulator({
    apiKey: RUNPOD_KEY,
    rateLimit: false,
    pods: [{ id: POD, name: 'trainer', profile: 'idle', gpuTypeId: 'NVIDIA H100 80GB HBM3' }],
  });
  api = await startApi({
    simulator: sim,
    config: `instances:\n  trainer:\n    podId: ${POD}\n    inactivity: 30m\n`,
    env: { STATS_INTERVAL: '1h', PRUNE_INTERVAL: '1h', PODWATCH_AGENT_TOKEN: AGENT_TOKEN },
  });
});

afterAll(async () => {
  await api?.stop();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('podwatch agent', () => {
  it('--once reports the H100 read through NVIDIA_SMI: stored as a sample with source agent', async () => {
    const nvidiaSmi = await nvidiaSmiPrinting('nvidia-smi-idle', await readFile(H100_IDLE_XML, 'utf8'));
    const result = await agent(nvidiaSmi, '--print');
    expect(result.code, `${result.stderr}\n${api.log()}`).toBe(0);
    const printed = JSON.parse(result.stdout) as AgentReport;
    expect(printed.podId).toBe(POD);
    expect(printed.gpu).toMatchObject({
      available: true,
      gpus: [
        {
          name: 'NVIDIA H100 80GB HBM3',
          utilPercent: 0,
          memoryUsedMiB: 0,
          memoryTotalMiB: 81559,
          temperatureC: 37,
        },
      ],
      processes: [],
    });

    const series = await get<TelemetrySeries>('/instances/trainer/telemetry?source=agent');
    expect(series.points.reduce((n, p) => n + p.samples, 0)).toBe(1);
    expect(series.points[0]).toMatchObject({ gpuUtilMax: 0, temperatureC: 37, powerWatts: 125 });
    const trainer = await get<InstanceSnapshot>('/instances/trainer');
    expect(trainer.agent).toMatchObject({
      current: true,
      gpus: [{ name: 'NVIDIA H100 80GB HBM3' }],
      processes: [],
    });
    // The idle GPU reset nothing.
    expect(['agent-gpu', 'gpu-process']).not.toContain(trainer.lastActivity?.signal);
  });

  it('resets the countdown when the report shows a GPU process', async () => {
    const before = await get<InstanceSnapshot>('/instances/trainer');
    const busyXml = (await readFile(H100_IDLE_XML, 'utf8')).replace(
      /<processes>\s*<\/processes>/,
      `<processes>
			<process_info>
				<gpu_instance_id>N/A</gpu_instance_id>
				<compute_instance_id>N/A</compute_instance_id>
				<pid>4242</pid>
				<type>C</type>
				<process_name>python train.py</process_name>
				<used_memory>30512 MiB</used_memory>
			</process_info>
		</processes>`,
    );
    const result = await agent(await nvidiaSmiPrinting('nvidia-smi-busy', busyXml));
    expect(result.code, result.stderr).toBe(0);
    const after = await get<InstanceSnapshot>('/instances/trainer');
    expect(after.lastActivity).toMatchObject({
      signal: 'gpu-process',
      detail: 'python train.py (pid 4242) on GPU 0, 30512 MiB',
    });
    expect(Date.parse(after.lastRunAt!)).toBeGreaterThan(
      Date.parse(before.lastRunAt ?? '1970-01-01T00:00:00Z'),
    );
    expect(Date.parse(after.killAt!)).toBeGreaterThan(Date.parse(before.killAt ?? '1970-01-01T00:00:00Z'));
    expect(after.agent?.processes).toEqual([
      { pid: 4242, name: 'python train.py', type: 'C', usedMemoryMiB: 30512, gpu: 0 },
    ]);
  });

  it('exits 4 with a token the API does not know, and 2 without a pod id', async () => {
    const nvidiaSmi = await nvidiaSmiPrinting('nvidia-smi-again', await readFile(H100_IDLE_XML, 'utf8'));
    const bad = await runCli(['agent', '--once', '--token', 'not-the-agent-token-0123'], {
      PODWATCH_URL: api.url,
      RUNPOD_POD_ID: POD,
      NVIDIA_SMI: nvidiaSmi,
    });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(
      /the report was not delivered: 401 Unauthorized: The bearer token is not valid\./,
    );
    const noPod = await runCli(['agent', '--once'], {
      PODWATCH_URL: api.url,
      PODWATCH_AGENT_TOKEN: AGENT_TOKEN,
    });
    expect(noPod.code).toBe(2);
    expect(noPod.stderr).toMatch(/no pod id: RunPod sets RUNPOD_POD_ID/);
  });
});
