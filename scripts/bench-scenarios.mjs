/**
 * `pnpm bench scenarios`: runs the three repository scenarios with the built runner
 * (apps/api/dist/scenario/cli.js, --json) against the local PostgreSQL and returns the
 * "Scenarios" section of BENCHMARKS.md. A scenario too long to run whole within the benchmark's
 * budget runs its first part (`--until`), and its full wall time is projected from the measured
 * time per step, said so beside the figure.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SCENARIOS = [
  // Target: a simulated week of 100 pods in under 5 minutes.
  {
    file: 'mixed-week.yaml',
    pods: 100,
    span: '7 d at 60 s',
    steps: 10_080,
    until: process.env.BENCH_MIXED_WEEK_UNTIL ?? '1h',
    targetSeconds: 300,
  },
  {
    file: 'faults-day.yaml',
    pods: 30,
    span: '1 d at 60 s',
    steps: 1_440,
    until: process.env.BENCH_FAULTS_DAY_UNTIL ?? '2h30m',
  },
  {
    file: 'fleet-10k.yaml',
    pods: 10_000,
    span: '6 h at 5 min',
    steps: 72,
    until: process.env.BENCH_FLEET_10K_UNTIL ?? '15m',
  },
];

/**
 * Runs the scenarios (only those named in BENCH_SCENARIOS, comma-separated, when set; the rows of
 * the others are kept from `previous`, the current BENCHMARKS.md) and returns the section.
 */
export function benchScenarios(root, previous = '') {
  const rows = [];
  const only = process.env.BENCH_SCENARIOS?.split(',').map((name) => name.trim());
  for (const s of SCENARIOS) {
    if (only && !only.includes(s.file)) {
      const kept = previous.split('\n').find((line) => line.startsWith(`| ${s.file} |`));
      if (kept) rows.push({ ...s, kept });
      continue;
    }
    console.log(`▸ scenario ${s.file} (until ${s.until})`);
    const args = [
      join(root, 'apps', 'api', 'dist', 'scenario', 'cli.js'),
      join(root, 'scenarios', s.file),
      '--json',
    ];
    if (s.until !== 'all') args.push('--until', s.until);
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres', ...process.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    // Exit 1 is a failing scorecard (still figures); anything else is a run that broke.
    if (result.status === 0 || result.status === 1) {
      rows.push({ ...s, card: JSON.parse(result.stdout) });
      console.log(result.stdout);
    } else {
      rows.push({ ...s, card: null, error: `exit ${result.status}` });
    }
  }
  const fmt = (n) => n.toLocaleString('en-US');
  const lines = ['## Scenarios', ''];
  lines.push(
    'The real API services and the simulator on one virtual clock (`pnpm scenario <file> --json`), judged against the simulator’s history; real PostgreSQL (a throw-away database). Where a scenario ran only its first part (`--until`), the full wall time is projected from the measured time per step. Wall time is spent mostly in Postgres round trips of the per-instance statements of collection and prune (prune no longer waits for confirmations: a later tick confirms).',
    '',
  );
  lines.push(
    '| scenario | pods | simulated | steps run | wall (measured) | ms per step (collect / prune) | wall, whole scenario | wrong kills | missed stops | flushes before confirmation | idle $ / optimum | RunPod requests per step | target |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of rows) {
    if (r.kept) {
      lines.push(r.kept);
      continue;
    }
    const c = r.card;
    if (c === null) {
      lines.push(
        `| ${r.file} | ${fmt(r.pods)} | ${r.span} | failed (${r.error}) | | | | | | | | | ${r.targetSeconds ? '❌ missed' : ''} |`,
      );
      continue;
    }
    const perStep = (c.wallMs.total / c.steps).toFixed(0);
    const collect = (c.wallMs.collect / c.steps).toFixed(0);
    const prune = (c.wallMs.prune / c.steps).toFixed(0);
    const whole = c.steps >= r.steps ? c.wallSeconds : ((c.wallMs.total / c.steps) * r.steps) / 1000;
    const projected = c.steps < r.steps ? ' (projected)' : '';
    const target =
      r.targetSeconds === undefined
        ? ''
        : `< ${r.targetSeconds / 60} min ${whole < r.targetSeconds ? '✅' : '❌ missed'}`;
    lines.push(
      `| ${r.file} | ${fmt(r.pods)} | ${r.span} | ${fmt(c.steps)} of ${fmt(r.steps)} | ${c.wallSeconds.toFixed(0)} s | ${perStep} (${collect} / ${prune}) | ${fmt(Math.round(whole))} s${projected} | ${c.wrongKills} | ${c.missedStops} | ${c.flushesBeforeConfirmation} | $${c.idleDollars} / $${c.optimumIdleDollars} | ${c.runpodRequestsPerStep} | ${target} |`,
    );
  }
  lines.push('');
  return lines;
}

/** Replaces (or appends) the `## Scenarios` section of BENCHMARKS.md text. */
export function withScenariosSection(markdown, section) {
  const start = markdown.indexOf('\n## Scenarios\n');
  const body = `${section.join('\n')}\n`;
  if (start < 0) return `${markdown.trimEnd()}\n\n${body}`;
  const next = markdown.indexOf('\n## ', start + 1);
  return `${markdown.slice(0, start + 1)}${body}${next < 0 ? '' : markdown.slice(next + 1)}`;
}
