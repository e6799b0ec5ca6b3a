/**
 * The stdio MCP bridge (`podwatch mcp`), as an MCP host runs it: the SDK's own client spawns it
 * over stdio, and it forwards to a real API (built, spawned) that watches a simulator.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type RunningSimulator, startSimulator } from '@podwatch/runpod-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  firstCollection,
  freePort,
  RUNPOD_KEY,
  type RunningApi,
  startApi,
} from './support/api-server.js';

/** The `podwatch` command itself, as an MCP host would be told to run it: `podwatch mcp`. */
const CLI_MAIN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOOLS = ['control_pod', 'extend_instance', 'get_runpod_status', 'list_instances', 'prune_preview'];
const ids = { notebook: 'notebookpod001', spare: 'sparepod000001' };

let sim: RunningSimulator;
let api: RunningApi;
const clients: Client[] = [];

async function bridge(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'bridge-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI_MAIN, 'mcp'],
      env,
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stderr: 'pipe',
    }),
  );
  clients.push(client);
  return client;
}

const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

beforeAll(async () => {
  sim = await startSimulator({
    apiKey: RUNPOD_KEY,
    rateLimit: false,
    pods: [
      { id: ids.notebook, name: 'notebook', profile: 'idle' },
      { id: ids.spare, name: 'spare', profile: 'idle' },
    ],
  });
  api = await startApi({
    simulator: sim,
    config: `instances:\n  notebook:\n    podId: ${ids.notebook}\n    inactivity: 30m\n`,
    env: { STATS_INTERVAL: '1h', PRUNE_INTERVAL: '1h' },
  });
  await firstCollection(api);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await api?.stop();
  await sim?.close();
});

describe('podwatch mcp (stdio bridge)', () => {
  it('lists the API’s five tools and calls each of them', async () => {
    const client = await bridge({ PODWATCH_URL: api.url, PODWATCH_TOKEN: ADMIN_TOKEN });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);

    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(result.isError, text(result)).toBeFalsy();
      return result.structuredContent as Record<string, unknown>;
    };
    const status = await call('get_runpod_status');
    expect(status.fleet).toMatchObject({ runningPods: 2 });
    expect(await call('list_instances')).toMatchObject({
      instances: [{ name: 'notebook', state: 'counting' }],
    });
    expect(await call('extend_instance', { instance: 'notebook', duration: '15m' })).toMatchObject({
      extendedBySeconds: 900,
    });
    expect(await call('prune_preview')).toMatchObject({
      decisions: [{ instance: 'notebook', action: 'none', code: 'counting' }],
    });

    expect(await call('control_pod', { podId: ids.spare, action: 'stop' })).toMatchObject({
      preview: true,
      executed: false,
    });
    expect(sim.control.listPods().find((p) => p.id === ids.spare)?.status).toBe('RUNNING');
    expect(await call('control_pod', { podId: ids.spare, action: 'stop', confirm: true })).toMatchObject({
      executed: true,
    });
    expect(sim.control.listPods().find((p) => p.id === ids.spare)?.status).toBe('EXITED');
  });

  it('passes tool errors through', async () => {
    const client = await bridge({ PODWATCH_URL: api.url, PODWATCH_TOKEN: ADMIN_TOKEN });
    const result = (await client.callTool({
      name: 'extend_instance',
      arguments: { instance: 'nope', duration: '15m' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/No instance named "nope"/);
  });

  it('answers a tool error, and keeps running, when the API refuses the token or is unreachable', async () => {
    const refused = await bridge({ PODWATCH_URL: api.url, PODWATCH_TOKEN: 'not-the-admin-token-0123' });
    const denied = (await refused.callTool({ name: 'list_instances', arguments: {} })) as CallToolResult;
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/refused the token \(401\)/);
    await expect(refused.listTools()).rejects.toThrow(/401/);

    const unreachable = await bridge({
      PODWATCH_URL: `http://127.0.0.1:${await freePort()}`,
      PODWATCH_TOKEN: ADMIN_TOKEN,
    });
    const down = (await unreachable.callTool({ name: 'list_instances', arguments: {} })) as CallToolResult;
    expect(down.isError).toBe(true);
    expect(text(down)).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(await unreachable.ping()).toEqual({});
  });
});
