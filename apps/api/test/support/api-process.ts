/** The built API (apps/api/dist/main.js) as a child process, as `npm start` and replicas run it. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../../src/paths.js';

export const apiMain = join(repoRoot, 'apps', 'api', 'dist', 'main.js');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

export function runApi(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [apiMain], {
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForHealth(port: number, running: Running, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`the API exited:\n${running.output()}`);
    try {
      return await fetch(`http://127.0.0.1:${port}/health`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`no answer on port ${port}:\n${running.output()}`);
}

/** Starts the API on a free port; another process may grab the port first, then it tries another. */
export async function startHealthy(
  env: NodeJS.ProcessEnv,
): Promise<{ running: Running; port: number; health: Response }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const running = runApi({ ...env, PORT: String(port) });
    try {
      return { running, port, health: await waitForHealth(port, running) };
    } catch (error) {
      if (attempt >= 5 || !running.output().includes('EADDRINUSE')) throw error;
    }
  }
}

export async function stopApi(running: Running): Promise<number | null> {
  if (running.child.exitCode === null) running.child.kill('SIGTERM');
  return running.exited;
}

/** RunPod answers with HTTP `status` a running API has seen, from its /metrics. */
export async function runpodResponsesWithStatus(port: number, status: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n'))
    if (line.startsWith('podwatch_runpod_requests_total{') && line.includes(`status="${status}"`))
      total += Number(line.split(' ').at(-1));
  return total;
}
