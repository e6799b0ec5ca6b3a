#!/usr/bin/env node
/**
 * `pnpm bench`: runs every benchmark in turn (built packages, real PostgreSQL, the simulator),
 * then writes BENCHMARKS.md with the machine, the date, the command and each figure beside its
 * target. Figures come from these runs only; nothing here is asserted by the test suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchScenarios, withScenariosSection } from './bench-scenarios.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const api = join(root, 'apps', 'api');
const only = process.argv.slice(2);
const benchmarksFile = join(root, 'BENCHMARKS.md');

// The scenarios take long: they run only when named, and update their own section of BENCHMARKS.md.
if (only.includes('scenarios')) {
  const current = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '# Benchmarks\n';
  const section = benchScenarios(root, current);
  writeFileSync(benchmarksFile, withScenariosSection(current, section));
  console.log(section.join('\n'));
  console.log('Wrote the Scenarios section of BENCHMARKS.md');
  process.exit(0);
}

function run(file, extraArgs = []) {
  console.log(`▸ ${file}`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', '@swc-node/register/esm-register', ...extraArgs, join('bench', file)],
    {
      cwd: api,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    },
  );
  if (result.status !== 0) throw new Error(`${file} failed (exit ${result.status})\n${result.stdout}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('BENCH '))
    .map((line) => JSON.parse(line.slice(6)));
}

function version(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : 'unknown';
}

const benches = ['collection', 'prune', 'ingest', 'history', 'api', 'memory', 'replicas', 'web'].filter(
  (name) => only.length === 0 || only.includes(name),
);
const results = {};
const failures = [];
for (const name of benches) {
  // One failing benchmark must not cost the figures of the others.
  try {
    if (name === 'web') {
      const result = spawnSync(process.execPath, [join(root, 'apps', 'web', 'scripts', 'bench.mjs')], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (result.status !== 0) throw new Error(`web bench failed\n${result.stdout}`);
      results.web = result.stdout
        .split('\n')
        .filter((line) => line.startsWith('BENCH '))
        .map((line) => JSON.parse(line.slice(6)));
      continue;
    }
    results[name] = run(`${name}.bench.ts`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    failures.push(name);
  }
}

const ok = (pass) => (pass ? '✅' : '❌');
const fmt = (n) => n.toLocaleString('en-US');
const lines = [];
lines.push('# Benchmarks', '');
lines.push(
  `Measured ${new Date().toISOString().slice(0, 10)} with \`pnpm bench\` (scripts/bench.mjs; one benchmark: \`pnpm bench <name>\`).`,
  '',
);
lines.push('| machine | |', '| --- | --- |');
lines.push(`| CPU | ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} |`);
lines.push(`| memory | ${Math.round(totalmem() / 1_073_741_824)} GiB |`);
lines.push(`| Node.js | ${process.version} |`);
lines.push(`| PostgreSQL | ${version('psql', ['--version'])} (local server, 127.0.0.1) |`, '');

if (results.collection) {
  lines.push('## Collection cycle', '');
  lines.push(
    'Against the simulator with 50 ms added to every request. Podwatch: one pod list, one GraphQL batch, one endpoint list per cycle (median of 3). Naive: one REST get and one GraphQL telemetry call per pod, in turn, as the earlier PHP design did.',
    '',
  );
  lines.push(
    '| pods | Podwatch requests | Podwatch wall time | naive requests | naive wall time | target (1,000 pods) |',
    '| ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of results.collection) {
    const target =
      r.pods === 1000 ? `≤ 3 requests, < 1 s ${ok(r.podwatchRequests <= 3 && r.podwatchMs < 1000)}` : '';
    const naiveNote =
      r.naiveMeasuredPods < r.pods ? ` (scaled from ${r.naiveMeasuredPods} pods measured)` : '';
    lines.push(
      `| ${fmt(r.pods)} | ${r.podwatchRequests} | ${fmt(r.podwatchMs)} ms | ${fmt(r.naiveRequests)} | ${fmt(Math.round(r.naiveMs / 1000))} s${naiveNote} | ${target} |`,
    );
  }
  lines.push('');
  lines.push(
    "RunPod's documented quota is 60 requests a minute (3,000 an hour, 50,000 a day). Polling every 60 s, the naive design needs 2 requests per pod per cycle: it breaks the per-minute quota above 30 pods (the hourly one above 25, the daily one above 17). Podwatch needs 3 requests a cycle whatever the fleet size (180 an hour, 4,320 a day), plus one per watched serverless endpoint.",
    '',
  );
}
if (results.ingest) {
  const [r] = results.ingest;
  lines.push('## Sample ingest', '');
  lines.push('| samples | statement | median | worst | target |', '| ---: | --- | ---: | ---: | --- |');
  lines.push(
    `| ${fmt(r.samples)} | one \`INSERT … SELECT FROM unnest(…)\` | ${r.medianMs} ms | ${r.maxMs} ms | < 1 s ${ok(r.maxMs < 1000)} |`,
    '',
  );
}
if (results.history) {
  const [r] = results.history;
  lines.push('## History query', '');
  lines.push(
    `${fmt(r.rows)} samples in the table: 1,000 pods × 7 days plus one pod × 30 days, all at 1-minute intervals (loaded in ${r.loadSeconds} s). Downsampled in SQL with \`date_bin\`.`,
    '',
  );
  lines.push(
    '| range | served from | points | p50 | p95 | target |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  );
  lines.push(
    `| 30 days, ≤ 500 points | ${r.resolution30d} rollup | ${r.points30d} | ${r.p50Ms30d} ms | ${r.p95Ms30d} ms | ≤ 500 points, p95 < 50 ms ${ok(r.points30d <= 500 && r.p95Ms30d < 50)} |`,
  );
  lines.push(`| 24 hours, ≤ 500 points | raw samples | | ${r.p50Ms24h} ms | ${r.p95Ms24h} ms | |`, '');
}
if (results.api) {
  const [r] = results.api;
  lines.push('## API: `GET /api/v1/dashboard`', '');
  lines.push(
    `${r.instances} instances, ${fmt(r.pods)} pods; response ${fmt(Math.round(r.responseBytes / 1024))} KB; autocannon, ${r.connections} connections, ${r.durationSeconds} s after a 2 s warm-up; the API in-process on the same 2 cores as the load generator. Every answer checked: 200 (304 with \`If-None-Match\`), no errors.`,
    '',
  );
  lines.push('| request | req/s | p50 | p99 | target |', '| --- | ---: | ---: | ---: | --- |');
  for (const [label, x] of [
    ['plain', r.plain],
    ['gzip (as browsers ask)', r.gzip],
    ['`If-None-Match` (304)', r.revalidated],
  ]) {
    if (!x) continue;
    lines.push(
      `| ${label} | ${fmt(x.requestsPerSecond)} | ${x.p50Ms} ms | ${x.p99Ms} ms | ≥ 2,000 req/s, p99 ≤ 25 ms ${ok(x.requestsPerSecond >= 2000 && x.p99Ms <= 25)} |`,
    );
  }
  lines.push('');
}
if (results.memory) {
  const [r] = results.memory;
  lines.push('## Memory', '');
  lines.push(
    '| pods | cycles | API RSS after | heap used (after GC) | RSS before the API started | median cycle |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  lines.push(
    `| ${fmt(r.pods)} | ${r.cycles} | ${r.rssMb} MB | ${r.heapUsedMb} MB | ${r.baselineRssMb} MB | ${fmt(r.medianCycleMs)} ms |`,
    '',
  );
  lines.push(
    'The simulator runs in its own process; the benchmark process also holds the TypeScript loader (@swc-node/register), counted in the baseline.',
    '',
  );
}
if (results.prune) {
  const [r] = results.prune;
  lines.push('## Prune at fleet size', '');
  lines.push(
    `${fmt(r.pods)} idle pods fall due in the same tick, the simulator answering after ${r.latencyMs} ms per request. A tick sends every due stop (concurrently, never waiting for RunPod to carry it out); a later tick confirms them from one pod list and flushes. Target: one action call per stopped pod and at most three other RunPod requests per tick.`,
    '',
  );
  lines.push(
    '| tick | wall time | stop calls | other RunPod requests | flushed | target |',
    '| ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const t of r.ticks) {
    const target =
      t.tick === 1 ? t.actions === r.pods && t.otherRequests <= 3 : t.actions === 0 && t.otherRequests <= 3;
    lines.push(
      `| ${t.tick} | ${fmt(t.ms)} ms | ${fmt(t.actions)} | ${t.otherRequests} | ${fmt(t.flushed)} | ${t.tick === 1 ? '1 per pod' : '0'}, ≤ 3 others ${ok(target)} |`,
    );
  }
  lines.push('');
}
if (results.replicas) {
  lines.push('## Replicas: RunPod requests a minute', '');
  const [first] = results.replicas;
  lines.push(
    `${fmt(first?.pods ?? 0)} pods, the built API as separate processes on one PostgreSQL database, STATS_INTERVAL and PRUNE_INTERVAL ${first?.intervalSeconds ?? '?'} s, the simulator with RunPod's quota on (60 REST requests a minute); one minute measured after start-up (a cycle counts when its row is written, so a window shows intervals ± 1). Each job runs once per interval across the replicas (claimed \`JobSlot\` rows), so three replicas spend what one does.`,
    '',
  );
  lines.push(
    '| replicas | collection cycles | RunPod requests a minute | of which REST (quota 60) | 429 answers | target |',
    '| ---: | ---: | ---: | ---: | ---: | --- |',
  );
  const one = results.replicas.find((r) => r.replicas === 1);
  for (const r of results.replicas) {
    const target =
      r.replicas > 1 && one
        ? `within 10 % of one replica, no 429 ${ok(Math.abs(r.requestsPerMinute - one.requestsPerMinute) <= 0.1 * one.requestsPerMinute && r.status429 === 0)}`
        : '';
    lines.push(
      `| ${r.replicas} | ${r.collectionCycles} | ${r.requestsPerMinute} | ${r.restPerMinute} | ${r.status429} | ${target} |`,
    );
  }
  lines.push('');
}
if (results.web) {
  lines.push('## Web dashboard', '');
  lines.push('| figure | value | target |', '| --- | ---: | --- |');
  for (const r of results.web) {
    if (r.name === 'web-size')
      lines.push(
        `| initial JavaScript, gzip | ${r.initialGzipKb} KB | ≤ 300 KB ${ok(r.initialGzipKb <= 300)} |`,
      );
    if (r.name === 'web-render')
      lines.push(
        `| first dashboard render, headless Chromium (median of ${r.runs}) | ${fmt(r.medianMs)} ms | |`,
      );
  }
  lines.push('');
}
if (failures.length > 0) lines.push(`Failed in this run (no figures): ${failures.join(', ')}.`, '');
if (only.length === 0) {
  // A full run keeps the scenario figures of the last `pnpm bench scenarios`.
  const previous = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '';
  const kept = previous.indexOf('\n## Scenarios\n');
  const scenarios =
    kept < 0
      ? []
      : previous
          .slice(kept + 1)
          .split(/\n(?=## )/)[0]
          .trimEnd()
          .split('\n');
  writeFileSync(
    benchmarksFile,
    `${[...lines, ...(scenarios.length ? [...scenarios, ''] : [])].join('\n')}\n`,
  );
  console.log('Wrote BENCHMARKS.md');
} else {
  console.log(lines.join('\n'));
}
if (failures.length > 0) process.exitCode = 1;
