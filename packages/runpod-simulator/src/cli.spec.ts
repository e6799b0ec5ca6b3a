import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('runpod-simulator CLI', () => {
  it('serves the demo fleet, prints the base URLs and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--pods', '3', '--no-rate-limit'], {
      env: { ...process.env, SIM_API_KEY: 'cli-key' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Control')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`CLI exited early (${String(code)}): ${output}`)));
    });
    await ready;
    expect(output).toContain('RunPod simulator ready: 15 pods (demo fleet)');
    const rest = /REST v2\s+(http:\/\/127\.0\.0\.1:\d+\/v2)\n/.exec(output)?.[1];
    expect(output).toMatch(/GraphQL\s+http:\/\/127\.0\.0\.1:\d+\/graphql\n/);
    expect(output).toMatch(/Serverless\s+http:\/\/127\.0\.0\.1:\d+\/serverless\/v2\n/);
    expect(output).toMatch(/Control\s+http:\/\/127\.0\.0\.1:\d+\/__sim\n/);

    const ok = await fetch(`${rest ?? ''}/pods`, { headers: { authorization: 'Bearer cli-key' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit')).toBeNull();
    expect((await fetch(`${rest ?? ''}/pods`, { headers: { authorization: 'Bearer other' } })).status).toBe(
      401,
    );

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});
