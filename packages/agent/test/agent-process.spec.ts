/**
 * The built `podwatch-agent` as it runs in a pod: NVIDIA_SMI pointing at a script that prints the
 * real H100 capture, posting to a local HTTP server that stands in for the Podwatch API.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AgentReport } from '@podwatch/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { H100_IDLE_XML, scratchDir, smiPrinting } from './support/fixtures.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

interface Received {
  authorization: string | undefined;
  report: AgentReport;
}

let server: Server;
let url: string;
let received: Received[] = [];
let waiters: (() => void)[] = [];
let dir: string;
let nvidiaSmi: string;

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves once `count` reports have arrived. */
function reportsArrived(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (received.length >= count) resolve();
      else waiters.push(check);
    };
    check();
  });
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, NVIDIA_SMI: nvidiaSmi, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close').then(([code]) => code as number);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

beforeAll(async () => {
  dir = await scratchDir();
  nvidiaSmi = await smiPrinting(dir, H100_IDLE_XML);
  server = createServer((request, response) => {
    void body(request).then((text) => {
      received.push({
        authorization: request.headers.authorization,
        report: JSON.parse(text) as AgentReport,
      });
      const pending = waiters;
      waiters = [];
      pending.forEach((wake) => wake());
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          podId: 'h100pod0000001',
          instance: null,
          recordedAt: new Date().toISOString(),
          activity: [],
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
});

describe('podwatch-agent', () => {
  it('--once --print reads the H100 through NVIDIA_SMI, prints the report and posts the same one', async () => {
    const sut = run(['--once', '--print', '--url', url, '--token', 'agent-token-0123456789'], {
      RUNPOD_POD_ID: 'h100pod0000001',
    });
    expect(await sut.exited).toBe(0);
    const printed = JSON.parse(sut.output().stdout) as AgentReport;
    expect(printed).toMatchObject({ version: 1, podId: 'h100pod0000001', dropped: 0 });
    expect(printed.gpu).toMatchObject({
      available: true,
      gpus: [
        {
          name: 'NVIDIA H100 80GB HBM3',
          utilPercent: 0,
          memoryUsedMiB: 0,
          memoryTotalMiB: 81559,
          temperatureC: 37,
          powerWatts: 125,
        },
      ],
      processes: [],
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.authorization).toBe('Bearer agent-token-0123456789');
    const { sentAt, ...posted } = received[0]!.report;
    expect(sentAt).toEqual(expect.any(String));
    expect(posted).toEqual(printed);
  });

  it('reports every interval until SIGTERM, then stops cleanly', async () => {
    const sut = run(['--url', url, '--interval', '1'], {
      RUNPOD_POD_ID: 'h100pod0000001',
      PODWATCH_AGENT_TOKEN: 'agent-token-0123456789',
    });
    await reportsArrived(2);
    sut.child.kill('SIGTERM');
    expect(await sut.exited).toBe(0);
    const { stderr, stdout } = sut.output();
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /podwatch-agent: reporting pod h100pod0000001 every 1 s to http:\/\/127\.0\.0\.1:\d+; nvidia-smi: /,
    );
    expect(stderr).toMatch(/podwatch-agent: SIGTERM: stopping/);
    expect(stderr).toMatch(
      /podwatch-agent: stopped after \d+ report\(s\): \d+ delivered, 0 not delivered, 0 dropped, 0 refused/,
    );
  });

  it('says what is missing and exits 2', async () => {
    const sut = run(['--once']);
    expect(await sut.exited).toBe(2);
    expect(sut.output().stderr).toMatch(/where should reports go\? Give --url/);
    const unknown = run(['--bogus']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output().stderr).toMatch(/Unknown option '--bogus'/);
  });

  it('keeps going with GPU unavailable when nvidia-smi is missing', async () => {
    const sut = run(['--once', '--print'], {
      NVIDIA_SMI: `${dir}/missing-nvidia-smi`,
      RUNPOD_POD_ID: 'cpupod',
    });
    expect(await sut.exited).toBe(0);
    expect((JSON.parse(sut.output().stdout) as AgentReport).gpu).toEqual({
      available: false,
      reason: `${dir}/missing-nvidia-smi does not exist`,
    });
  });
});
