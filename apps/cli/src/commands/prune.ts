/** `podwatch prune`: run prune now (or a dry run) and show every step, decision and outcome. */
import type { Command } from 'commander';
import chalk from 'chalk';
import type { AuditEventView, PruneDecision, PruneRunView } from '@podwatch/shared';
import { formatCountdown } from '@podwatch/shared';
import { type ApiClient, apiPath, CliError, EXIT } from '../api-client.js';
import { clock, DASH, paint, plural, type Tone } from '../format.js';
import { withProgress } from '../prompt.js';
import { renderTable } from '../table.js';
import { terminalColumns } from '../terminal.js';
import { printJson } from './output.js';

const RESULT_TONE: Record<PruneDecision['result'], Tone> = {
  planned: 'cyan',
  sent: 'cyan',
  confirming: 'cyan',
  flushed: 'green',
  'confirmation-failed': 'red',
  'flush-skipped': 'yellow',
  failed: 'red',
  none: 'gray',
};

const OUTCOME_TONE: Record<AuditEventView['outcome'], Tone> = {
  ok: 'green',
  failed: 'red',
  skipped: 'yellow',
};

function stepLine(step: AuditEventView): string {
  const outcome = paint(OUTCOME_TONE[step.outcome], step.outcome.padEnd(7));
  return `  ${chalk.dim(clock(step.occurredAt))}  ${step.kind.padEnd(12)}  ${(step.instance ?? DASH).padEnd(16)}  ${outcome}  ${step.reason ?? ''}`;
}

function durationOf(run: PruneRunView): string {
  if (!run.finishedAt) return 'still running';
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

export function formatPruneRun(run: PruneRunView, width: number): string {
  const s = run.summary;
  const failures = plural(s.confirmationFailures, 'confirmation failure');
  const lines: string[] = [
    `${chalk.bold(`Prune run ${run.id.slice(0, 8)}`)} · ${run.dryRun ? chalk.cyan('dry run: decides and reports, changes nothing') : 'live'} · ${
      run.status === 'succeeded' ? chalk.green(run.status) : chalk.red(run.status)
    } · ${durationOf(run)}${run.instanceFilter ? ` · only ${run.instanceFilter}` : ''}`,
  ];
  if (run.steps.length > 0) {
    lines.push('', chalk.bold('Steps'), ...run.steps.map(stepLine));
  }
  lines.push(
    '',
    chalk.bold('Decisions'),
    renderTable(
      run.decisions,
      [
        { header: 'INSTANCE', value: (d) => d.instance },
        { header: 'POD', value: (d) => d.podId ?? DASH, optional: true },
        { header: 'ACTION', value: (d) => (d.action === 'none' ? chalk.gray('none') : d.action) },
        { header: 'DECISION', value: (d) => d.code },
        {
          header: 'RESULT',
          value: (d) => {
            const text = run.dryRun && d.result === 'planned' ? `would ${d.action}` : d.result;
            return d.result === 'confirmation-failed'
              ? chalk.red.bold(text)
              : paint(RESULT_TONE[d.result], text);
          },
        },
        {
          header: 'PRUNE IN',
          value: (d) => formatCountdown(d.timeUntilKill),
          align: 'right',
          optional: true,
        },
        { header: 'REASON', value: (d) => d.reason },
      ],
      width,
    ),
    '',
    `${chalk.bold('Summary')}: ${plural(s.instances, 'instance')} · ${s.due} due · ${s.stopped} stopped · ${s.terminated} terminated · ${s.scaledToZero} scaled to zero · ${s.flushed} flushed · ${
      s.confirmationFailures > 0 ? chalk.red.bold(failures) : failures
    } · ${s.skipped} skipped · ${plural(s.warnings, 'warning')} · ${plural(s.orphans, 'orphan')}`,
  );
  if (run.dryRun) lines.push(chalk.dim('Dry run: nothing was stopped, terminated or flushed.'));
  if (run.decisions.some((d) => d.result === 'sent' || d.result === 'confirming')) {
    lines.push(
      chalk.dim(
        'Sent stops are confirmed on the next prune ticks (EXITED at $0/h), then flushed: `podwatch dashboard` shows the progress.',
      ),
    );
  }
  return lines.join('\n');
}

/** The exit status a run earns: a failed confirmation outranks every other failure. */
export function pruneOutcome(run: PruneRunView): CliError | null {
  const unconfirmed = run.decisions.filter((d) => d.result === 'confirmation-failed');
  if (unconfirmed.length > 0) {
    return new CliError(
      `stop not confirmed for ${unconfirmed.map((d) => `${d.instance}${d.podId ? ` (pod ${d.podId})` : ''}: ${d.reason}`).join('; ')}. The pod may still be billing: check it in RunPod.`,
      EXIT.confirmationFailed,
    );
  }
  const failed = run.decisions.filter((d) => d.result === 'failed');
  if (failed.length > 0 || run.status === 'failed' || run.status === 'interrupted') {
    return new CliError(
      failed.length > 0
        ? `prune failed for ${failed.map((d) => `${d.instance}: ${d.reason}`).join('; ')}`
        : `the prune run ${run.status}`,
      EXIT.failure,
    );
  }
  return null;
}

export function registerPruneCommand(program: Command, client: () => ApiClient): void {
  program
    .command('prune')
    .argument('[instance]', 'only this instance (default: every instance)')
    .description(
      'stop or terminate instances whose countdown reached zero, confirm they stopped, flush their live stats',
    )
    .option('--dry-run', 'decide and report, change nothing')
    .option('--json', 'print the prune run (decisions and steps) as JSON')
    .addHelpText(
      'after',
      `
Only instances whose countdown is at zero, with fresh data and no activity, are acted on; each
stop is confirmed (the pod EXITED and billing at $0/h) before the live stats are cleared. A prune
tick sends the stops; the command then runs ticks until they are confirmed (--no-wait returns
at once; scheduled prune confirms them anyway).
Exits ${EXIT.confirmationFailed} when a stop could not be confirmed, ${EXIT.conflict} when another prune run is in progress.
Needs the admin token (PODWATCH_TOKEN).

Examples:
  $ podwatch prune --dry-run
  $ podwatch prune notebook
  $ podwatch prune --json | jq '.decisions[] | select(.result != "none")'`,
    )
    .option('--no-wait', 'return once the stops are sent, without following their confirmation')
    .option('--wait-timeout <seconds>', 'how long to follow confirmations (default: 600)', '600')
    .action(
      async (
        instance: string | undefined,
        options: { dryRun?: boolean; json?: boolean; wait: boolean; waitTimeout: string },
      ) => {
        const dryRun = options.dryRun ?? false;
        const label = `${dryRun ? 'Dry-running prune' : 'Pruning'} ${instance ?? 'every instance'}…`;
        const tick = () =>
          client().post<PruneRunView>(apiPath`/prune`, { dryRun, ...(instance ? { instance } : {}) });
        const first = await withProgress(label, tick);
        // A tick sends stops and returns; later ticks confirm them (EXITED at $0/h) and flush.
        const waitMs = Number(options.waitTimeout) * 1000;
        const run =
          dryRun || !options.wait || !Number.isFinite(waitMs)
            ? first
            : await withProgress('Confirming the stops…', () => followConfirmations(first, tick, waitMs));
        if (options.json) printJson(run);
        else console.log(formatPruneRun(run, terminalColumns()));
        const failure = pruneOutcome(run);
        if (failure) throw failure;
      },
    );
}

const pending = (run: PruneRunView) =>
  run.decisions.some((d) => d.result === 'sent' || d.result === 'confirming');

/**
 * Runs prune ticks until no stop is waiting for confirmation (or `waitMs` passes); the last run's
 * decisions, with the steps of every tick.
 */
export async function followConfirmations(
  first: PruneRunView,
  tick: () => Promise<PruneRunView>,
  waitMs: number,
  pauseMs = 1_000,
): Promise<PruneRunView> {
  const deadline = Date.now() + waitMs;
  const steps = [...first.steps];
  let run = first;
  while (pending(run) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    run = await tick();
    steps.push(...run.steps);
  }
  return { ...run, steps };
}
